// A restart of whoever simulates the fleet must not undo what Tandem did to it:
// a promoted standby stays primary, a fenced host stays fenced, faults and
// power and a balancer's drained backends stay, as on real hosts.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readDemoState, writeDemoState } from "../../server/demo/demo-state-file";
import { createLogger } from "../../server/lib/logger";
import { connectSim, execSim } from "./sim-client";
import { DEFAULT_SIM_PASSWORD, startSimFleet } from "./sim-fleet";
import type { SimFleet, SimHostSpec, SimHostState } from "./sim-types";

const base = `127.33.${process.pid % 250}`;
const specs: SimHostSpec[] = [
  { name: "db-a", address: `${base}.1`, services: ["postgresql"], role: "primary" },
  { name: "db-b", address: `${base}.2`, services: ["postgresql"], role: "standby" },
  { name: "web-1", address: `${base}.3`, services: ["nginx"], role: "web" },
  { name: "lb-1", address: `${base}.4`, services: ["haproxy"], role: "lb" },
];
const fleets: SimFleet[] = [];
afterEach(async () => {
  for (const f of fleets.splice(0)) await f.stop();
});

async function hook(fleet: SimFleet, host: string, command: string, env: Record<string, string> = {}) {
  const c = await connectSim({ ...fleet.host(host), password: DEFAULT_SIM_PASSWORD });
  try {
    const prefix = Object.entries(env).map(([k, v]) => `${k}=${v} `).join("");
    const r = await execSim(c, Object.keys(env).length ? `env ${prefix}sh -c '${command}'` : command);
    expect(r.code, r.stderr).toBe(0);
  } finally {
    c.end();
  }
}

describe("the simulated fleet's state across a restart", () => {
  it("reports every lasting change and starts again from it", async () => {
    let changes = 0;
    const first = await startSimFleet({ hosts: specs, seed: 3, onChange: () => changes++ });
    fleets.push(first);
    await hook(first, "db-a", "tandem-sim fence");
    await hook(first, "db-b", "tandem-sim role primary");
    await hook(first, "lb-1", "tandem-sim lb drain", { TANDEM_BACKEND: "web", TANDEM_BACKEND_SERVER: "web-1" });
    await first.inject("web-1", "slow", { delayMs: 100 });
    await first.power("db-a", "off", { by: "hv-1" });
    const ownKey = first.host("db-b").hostKeyFingerprint;
    await first.inject("db-b", "host-key-changed");
    expect(changes).toBe(6);
    const state = first.state();
    await first.stop();
    fleets.pop();

    let restartChanges = 0;
    const second = await startSimFleet({ hosts: specs, seed: 3, initialState: state, onChange: () => restartChanges++ });
    fleets.push(second);
    expect(restartChanges).toBe(0);
    expect(second.host("db-b").role).toBe("primary");
    expect(second.host("db-a")).toMatchObject({ role: "primary", fenced: true, power: "off", poweredOffBy: "hv-1" });
    expect(second.faults("web-1")).toEqual([{ fault: "slow", params: { delayMs: 100 } }]);
    expect(second.lbBackends("lb-1")).toMatchObject([{ backend: "web", server: "web-1", admin: "drain" }]);
    expect(second.state()).toEqual(state);
    // The changed key is a fault: the host's own key is still what an inventory must pin.
    expect(second.host("db-b").originalHostKeyFingerprint).toBe(ownKey);
    expect(second.host("db-b").hostKeyFingerprint).not.toBe(ownKey);
  });

  it("keeps the state in a file that a torn or foreign one cannot poison", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "tandem-sim-state-"));
    const file = path.join(dir, "sub", "demo-fleet-state.json");
    const log = createLogger({ level: "error" });
    expect(readDemoState(file, log)).toBeUndefined();
    const hosts: SimHostState[] = [
      { name: "db-a", role: "standby", fenced: false, power: "off", poweredOffBy: null, faults: [{ fault: "down", params: {} }], lb: [] },
      { name: "lb-1", role: "lb", fenced: false, power: "on", poweredOffBy: null, faults: [], lb: [{ backend: "web", server: "web-1", admin: "maint" }] },
    ];
    writeDemoState(file, hosts);
    expect(readDemoState(file, log)).toEqual(hosts);
    writeFileSync(file, readFileSync(file, "utf8").slice(0, 40));
    expect(readDemoState(file, log)).toBeUndefined();
    writeFileSync(file, JSON.stringify({ version: 1, hosts: [{ ...hosts[0], faults: [{ fault: "meteor", params: {} }] }] }));
    expect(readDemoState(file, log)).toBeUndefined();
  });
});
