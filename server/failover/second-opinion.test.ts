import { describe, expect, it } from "vitest";
import { judge, probeCommand, readProbe, type StandbyVerdict } from "./second-opinion";

const v = (name: string, verdict: StandbyVerdict["verdict"]): StandbyVerdict => ({ serverId: name, name, verdict, detail: "d" });

describe("second opinion", () => {
  it("builds the probe only from plain values", () => {
    expect(probeCommand({ address: "10.0.0.1", port: 22 })).toBe("tandem-probe 10.0.0.1 22");
    expect(probeCommand({ address: "db-a.lab.example", port: 2222 })).toBe("tandem-probe db-a.lab.example 2222");
    expect(() => probeCommand({ address: "10.0.0.1; rm -rf /", port: 22 })).toThrow(/refusing/);
    expect(() => probeCommand({ address: "-oProxy", port: 22 })).toThrow(/refusing/);
    expect(() => probeCommand({ address: "10.0.0.1", port: 70000 })).toThrow(/refusing/);
  });

  it("reads a probe's answer", () => {
    expect(readProbe({ exitCode: 0, stdout: "reachable\n", stderr: "" }).verdict).toBe("reachable");
    expect(readProbe({ exitCode: 1, stdout: "unreachable\n", stderr: "" }).verdict).toBe("unreachable");
    expect(readProbe({ exitCode: 127, stdout: "", stderr: "sh: tandem-probe: not found" })).toMatchObject({ verdict: "error", detail: expect.stringMatching(/127.*not found/) });
  });

  it("vetoes when any standby still reaches the primary; proceeds only when one answered and none reaches it", () => {
    expect(judge([v("b", "unreachable"), v("c", "reachable")])).toMatchObject({ proceed: false, why: "still-reachable" });
    expect(judge([v("b", "unreachable"), v("c", "error")])).toMatchObject({ proceed: true });
    expect(judge([v("b", "error")])).toMatchObject({ proceed: false, why: "no-opinion" });
    expect(judge([])).toMatchObject({ proceed: false, why: "no-opinion" });
  });
});
