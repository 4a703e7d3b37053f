import { spawnSync } from "node:child_process";
import net from "node:net";
import { describe, expect, it } from "vitest";
import { judge, probeCommand, readProbe, type StandbyVerdict } from "./second-opinion";

const v = (name: string, verdict: StandbyVerdict["verdict"]): StandbyVerdict => ({ serverId: name, name, verdict, detail: "d" });

describe("second opinion", () => {
  it("builds the probe only from plain values", () => {
    expect(probeCommand({ address: "10.0.0.1", port: 22 })).toContain(`"/dev/tcp/$0/$1"' 10.0.0.1 22 2>/dev/null`);
    expect(probeCommand({ address: "db-a.lab.example", port: 2222 })).toContain(" db-a.lab.example 2222 ");
    expect(() => probeCommand({ address: "10.0.0.1; rm -rf /", port: 22 })).toThrow(/refusing/);
    expect(() => probeCommand({ address: "-oProxy", port: 22 })).toThrow(/refusing/);
    expect(() => probeCommand({ address: "10.0.0.1", port: 70000 })).toThrow(/refusing/);
  });

  it("reads a probe's answer", () => {
    expect(readProbe({ exitCode: 0, stdout: "reachable\n", stderr: "" }).verdict).toBe("reachable");
    expect(readProbe({ exitCode: 1, stdout: "unreachable\n", stderr: "" }).verdict).toBe("unreachable");
    expect(readProbe({ exitCode: 2, stdout: "tandem probe: bash is missing on this standby\n", stderr: "" })).toMatchObject({ verdict: "error", detail: expect.stringMatching(/exited 2.*bash is missing/) });
  });

  it("connects for real: reachable while something listens, unreachable once nothing does", async () => {
    const srv = net.createServer((c) => c.destroy());
    await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
    const port = (srv.address() as net.AddressInfo).port;
    const probe = () => spawnSync("sh", ["-c", probeCommand({ address: "127.0.0.1", port })], { encoding: "utf8" });
    const open = probe();
    expect(readProbe({ exitCode: open.status, stdout: open.stdout, stderr: open.stderr }).verdict).toBe("reachable");
    await new Promise((r) => srv.close(r));
    const closed = probe();
    expect(readProbe({ exitCode: closed.status, stdout: closed.stdout, stderr: closed.stderr }).verdict).toBe("unreachable");
  });

  it("vetoes when any standby still reaches the primary; proceeds only when one answered and none reaches it", () => {
    expect(judge([v("b", "unreachable"), v("c", "reachable")])).toMatchObject({ proceed: false, why: "still-reachable" });
    expect(judge([v("b", "unreachable"), v("c", "error")])).toMatchObject({ proceed: true });
    expect(judge([v("b", "error")])).toMatchObject({ proceed: false, why: "no-opinion" });
    expect(judge([])).toMatchObject({ proceed: false, why: "no-opinion" });
  });
});
