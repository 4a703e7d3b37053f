// A hypervisor creating a host, as a restore's provision hook asks it to
// (`env TANDEM_GROUP=... sh -c 'tandem-sim provision'`): the new host listens at
// once with the fleet's login, is like its group's standby, prints the JSON line
// Tandem reads, can be powered by the hypervisor, and exists again after a
// restart of the simulator.
import { afterEach, describe, expect, it } from "vitest";
import { hookCommand, remoteScript } from "../../server/failover/run-hook";
import { parseProvisionOutput } from "../../server/restore/provision-output";
import { connectSim, execSim } from "./sim-client";
import { DEFAULT_SIM_PASSWORD, startSimFleet } from "./sim-fleet";
import type { SimFleet, SimHostSpec } from "./sim-types";

const base = `127.35.${process.pid % 250}`;
const specs: SimHostSpec[] = [
  { name: "db-a", address: `${base}.1`, site: "s1", group: "pg-x", role: "primary", services: ["postgresql", "pgbouncer"], os: "RHEL 9" },
  { name: "db-b", address: `${base}.2`, site: "s1", group: "pg-x", role: "standby", services: ["postgresql", "pgbouncer"], os: "RHEL 9" },
  { name: "web-1", address: `${base}.3`, site: "s1", role: "web", services: ["nginx"] },
  { name: "hv-s1", address: `${base}.9`, site: "s1", role: "hypervisor", services: ["libvirtd"] },
];
const fleets: SimFleet[] = [];
afterEach(async () => {
  for (const f of fleets.splice(0)) await f.stop();
});

async function run(fleet: SimFleet, host: string, command: string, stdin?: string) {
  const c = await connectSim({ ...fleet.host(host), password: DEFAULT_SIM_PASSWORD });
  try {
    return await execSim(c, command, stdin === undefined ? {} : { stdin });
  } finally {
    c.end();
  }
}
const provision = (fleet: SimFleet, env: Record<string, string>, on = "hv-s1") => run(fleet, on, hookCommand("tandem-sim provision", env));

describe("tandem-sim provision on a hypervisor", () => {
  it("creates a host like the group's standby at the next free address of its site, listening at once", async () => {
    let changes = 0;
    const fleet = await startSimFleet({ hosts: specs, seed: 5, onChange: () => changes++ });
    fleets.push(fleet);
    const r = await provision(fleet, { TANDEM_GROUP: "pg-x", TANDEM_SITE: "s1", TANDEM_NAME_HINT: "pg-x-r1" });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Domain 'pg-x-r1' cloned from db-b and started\n/);
    const out = parseProvisionOutput(r.stdout);
    const host = fleet.host("pg-x-r1");
    expect(out).toEqual({ name: "pg-x-r1", address: `${base}.4`, port: 2222, username: "tandem", hostKeyFingerprint: host.originalHostKeyFingerprint, site: "s1" });
    expect(host).toMatchObject({ role: "standby", site: "s1", group: "pg-x", services: ["postgresql", "pgbouncer"], power: "on" });
    expect(changes).toBe(1);

    // It answers over SSH with the fleet's login and the key it printed, as a standby.
    const c = await connectSim({ ...host, password: DEFAULT_SIM_PASSWORD });
    expect(c.fingerprint).toBe(out.hostKeyFingerprint);
    c.end();
    expect(await run(fleet, "pg-x-r1", "tandem-sim role")).toMatchObject({ code: 0, stdout: "standby\n" });

    // Its hypervisor can power it off, as the fence device does (a script on sh -s).
    const off = await run(fleet, "hv-s1", "sh -s", remoteScript("tandem-sim power off", { TANDEM_PLUG: "pg-x-r1" }, {}));
    expect(off).toMatchObject({ code: 0, stdout: "Domain 'pg-x-r1' destroyed\n" });
    expect(fleet.host("pg-x-r1")).toMatchObject({ power: "off", poweredOffBy: "hv-s1" });

    // Without a hint it names the host after the group, and takes the next address.
    const second = await provision(fleet, { TANDEM_GROUP: "pg-x" });
    expect(parseProvisionOutput(second.stdout)).toMatchObject({ name: "pg-x-r2", address: `${base}.5` });
    expect(fleet.stats().hosts).toBe(specs.length + 2);
  });

  it.each([
    ["on a host that is no hypervisor", "web-1", { TANDEM_GROUP: "pg-x" }, 127, /tandem-sim provision: not found \(web-1 is a web, not a hypervisor\)/],
    ["without a group", "hv-s1", {}, 2, /provision needs TANDEM_GROUP/],
    ["in another site than the hypervisor's", "hv-s1", { TANDEM_GROUP: "pg-x", TANDEM_SITE: "s2" }, 1, /hv-s1 runs in s1: it cannot place a host in s2/],
    ["under a name already taken", "hv-s1", { TANDEM_GROUP: "pg-x", TANDEM_NAME_HINT: "db-b" }, 1, /domain 'db-b' already exists/],
    ["under a name that is no host name", "hv-s1", { TANDEM_GROUP: "pg-x", TANDEM_NAME_HINT: "no good" }, 1, /is not a host name/],
  ])("refuses %s, and creates nothing", async (_what, on, env, code, stderr) => {
    const fleet = await startSimFleet({ hosts: specs, seed: 5 });
    fleets.push(fleet);
    const r = await provision(fleet, env, on);
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(stderr);
    expect(fleet.stats().hosts).toBe(specs.length);
  });

  it("a provisioned host exists again, as it was, after a restart of the simulator", async () => {
    const first = await startSimFleet({ hosts: specs, seed: 5 });
    fleets.push(first);
    await provision(first, { TANDEM_GROUP: "pg-x", TANDEM_NAME_HINT: "pg-x-r1" });
    await run(first, "pg-x-r1", hookCommand("tandem-sim role primary", {}));
    const state = first.state();
    expect(state.find((s) => s.name === "pg-x-r1")?.spec).toMatchObject({ name: "pg-x-r1", address: `${base}.4`, site: "s1", group: "pg-x" });
    expect(state.find((s) => s.name === "db-a")?.spec).toBeUndefined();
    const key = first.host("pg-x-r1").originalHostKeyFingerprint;
    await first.stop();
    fleets.pop();

    const second = await startSimFleet({ hosts: specs, seed: 5, initialState: JSON.parse(JSON.stringify(state)) });
    fleets.push(second);
    expect(second.host("pg-x-r1")).toMatchObject({ address: `${base}.4`, role: "primary", originalHostKeyFingerprint: key, power: "on" });
    expect(await run(second, "pg-x-r1", "tandem-sim role")).toMatchObject({ code: 0, stdout: "primary\n" });
    expect(second.state()).toEqual(state);
  });
});
