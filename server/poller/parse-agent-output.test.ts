import { describe, expect, it } from "vitest";
import { parseAgentOutput } from "./parse-agent-output";

const valid = {
  v: 1, ts: 1795687706, host: "web-1", kernel: "6.1.0", os: "Debian GNU/Linux 12 (bookworm)", uptimeSec: 100.5,
  cpu: { count: 2, jiffies: [1, 2, 3, 4, 5, 6, 7, 8], running: 1 }, load: [0.1, 0.2, 0.3],
  memKb: { total: 2, available: 1, free: 1, buffers: 0, cached: 0 }, swapKb: { total: 0, free: 0 },
  disks: [{ mount: "/", fs: "/dev/vda", sizeKb: 10, usedKb: 5, availKb: 5 }], net: [{ if: "eth0", rxBytes: 1, txBytes: 2 }],
  raid: [], services: [{ name: "nginx", state: "active" }], updates: null, rebootRequired: false, replicationLagSec: null,
};

describe("parseAgentOutput", () => {
  it("accepts a valid v1 sample", () => {
    const r = parseAgentOutput(JSON.stringify(valid) + "\n");
    expect(r.ok && r.sample.host).toBe("web-1");
  });

  it("names what is wrong with bad output", () => {
    expect(parseAgentOutput("")).toEqual({ ok: false, message: "agent printed nothing" });
    expect(parseAgentOutput("Welcome to Ubuntu!\n{")).toMatchObject({ ok: false, message: expect.stringMatching(/not JSON/) });
    expect(parseAgentOutput(JSON.stringify({ ...valid, v: 2 }))).toMatchObject({ ok: false, message: expect.stringMatching(/version 2 is not supported/) });
    expect(parseAgentOutput(JSON.stringify({ ...valid, memKb: { ...valid.memKb, total: -1 } }))).toMatchObject({ ok: false, message: expect.stringMatching(/memKb\.total/) });
    expect(parseAgentOutput(JSON.stringify({ ...valid, cpu: { ...valid.cpu, jiffies: [1, 2] } }))).toMatchObject({ ok: false, message: expect.stringMatching(/cpu\.jiffies/) });
  });
});
