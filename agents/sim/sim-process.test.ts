// The fleet in its own process(es), driven over IPC as a benchmark would.
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { agentScript, installAgentCommand, runAgentCommand } from "../../server/agent/agent-command";
import { ZAgentSample } from "../../server/agent/agent-sample.types";
import { connectSim, execSim } from "./sim-client";
import { startSimProcess, type SimProcess } from "./sim-process";

// A port of its own, so a demo or benchmark on 127.20/127.21 is left alone.
const port = 20_000 + (process.pid % 20_000);
let sim: SimProcess | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

const refused = (address: string, p: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.connect({ host: address, port: p });
    s.once("connect", () => (s.destroy(), resolve(false)));
    s.once("error", (e: NodeJS.ErrnoException) => resolve(e.code === "ECONNREFUSED"));
  });

describe("startSimProcess", () => {
  it("starts a fleet in shards, routes faults to the right one, and stops", async () => {
    sim = await startSimProcess({ hosts: 5, shards: 2, port, readyTimeoutMs: 30_000 });
    expect(sim.pids).toHaveLength(2);
    expect(sim.manifest.hosts.map((h) => h.name)).toEqual(["sim-00001", "sim-00002", "sim-00003", "sim-00004", "sim-00005"]);
    const h = sim.manifest.hosts[3]!;
    expect(h).toMatchObject({ address: "127.20.0.4", port, username: "tandem", password: "tandem-sim" });
    expect(h.fingerprint).toMatch(/^SHA256:/);

    const c = await connectSim(h);
    try {
      expect(c.fingerprint).toBe(h.fingerprint);
      expect((await execSim(c, installAgentCommand(), { stdin: agentScript().source })).code).toBe(0);
      ZAgentSample.parse(JSON.parse((await execSim(c, runAgentCommand())).stdout));
    } finally {
      c.end();
    }

    await sim.inject(h.name, "down");
    expect(await refused(h.address, port)).toBe(true);
    const stats = await sim.stats();
    expect(stats).toMatchObject({ hosts: 5, listening: 4, activeFaults: 1 });
    expect(stats.execs).toBeGreaterThanOrEqual(2);
    await expect(sim.inject("sim-99999", "down")).rejects.toThrow(/no sim host/);

    await sim.clear(h.name);
    expect(await refused(h.address, port)).toBe(false);

    expect(await sim.power(h.name, "off", { by: "hv-test" })).toMatchObject({ power: "off", poweredOffBy: "hv-test" });
    expect(await refused(h.address, port)).toBe(true);
    expect(await sim.stats()).toMatchObject({ listening: 4, activeFaults: 0, poweredOff: 1 });
    expect(await sim.power(h.name, "on")).toMatchObject({ power: "on", poweredOffBy: null });
    expect(await refused(h.address, port)).toBe(false);
    await sim.stop();
    expect(await refused(h.address, port)).toBe(true);
  }, 60_000);

  it("serves the demo fleet", async () => {
    sim = await startSimProcess({ demo: true, port, readyTimeoutMs: 30_000 });
    expect(sim.manifest.hosts).toHaveLength(27);
    expect(sim.manifest.hosts.find((x) => x.name === "db-fra1-a")).toMatchObject({ role: "primary", site: "fra1", group: "pg-fra1", power: "on", servicePorts: { postgresql: 5432, pgbouncer: 6432 } });
    expect(sim.manifest.hosts.find((x) => x.name === "hv-fra1")).toMatchObject({ role: "hypervisor", site: "fra1", servicePorts: { libvirtd: 16509 } });
    expect(await sim.lbBackends("lb-fra1-1")).toEqual([]);
  }, 60_000);
});
