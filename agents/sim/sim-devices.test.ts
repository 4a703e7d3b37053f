// Power, hypervisors, load balancer backends, the role probe and service ports,
// over real SSH, sent as Tandem sends them: fence commands as a script on
// `sh -s` (run-hook.ts remoteScript), hooks and balancer commands as `env ... sh -c`.
import { probeCommand } from "../../server/failover/probe-command";
import net from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { agentScript, pipedAgentCommand } from "../../server/agent/agent-command";
import { ZAgentSample } from "../../server/agent/agent-sample.types";
import { hookCommand, remoteScript } from "../../server/failover/run-hook";
import { connectSim, execSim } from "./sim-client";
import { DEFAULT_SIM_PASSWORD, startSimFleet } from "./sim-fleet";
import type { SimFleet, SimHostSpec } from "./sim-types";

const net16 = `127.33.${process.pid % 250}`;
const specs: SimHostSpec[] = [
  { name: "db-a", address: `${net16}.1`, site: "s1", role: "primary", services: ["postgresql"] },
  { name: "db-b", address: `${net16}.2`, site: "s1", role: "standby", services: ["postgresql"] },
  { name: "lb-1", address: `${net16}.3`, site: "s1", role: "lb", services: ["haproxy", "keepalived"] },
  { name: "web-1", address: `${net16}.4`, site: "s1", role: "web", services: ["nginx", "php8.2-fpm"] },
  { name: "web-2", address: `${net16}.5`, site: "s1", role: "web", services: ["nginx"], servicePorts: { nginx: 8080 } },
  { name: "hv-s1", address: `${net16}.6`, site: "s1", role: "hypervisor", services: ["libvirtd"] },
  { name: "far", address: `${net16}.7`, site: "s2", role: "web", services: ["nginx"] },
];

let fleet: SimFleet;
beforeAll(async () => {
  fleet = await startSimFleet({ hosts: specs, seed: 11 });
});
afterAll(() => fleet?.stop());
afterEach(async () => {
  for (const s of specs) {
    await fleet.power(s.name, "on");
    await fleet.clear(s.name);
  }
});

async function run(name: string, command: string, stdin?: string | Buffer) {
  const c = await connectSim({ ...fleet.host(name), password: DEFAULT_SIM_PASSWORD });
  try {
    return await execSim(c, command, stdin === undefined ? {} : { stdin });
  } finally {
    c.end();
  }
}
/** A fence device's command as run-hook.ts sends it when the device has secrets. */
const fenceRun = (command: string, plug: string, extra: Record<string, string> = {}) =>
  run("hv-s1", "sh -s", remoteScript(command, { TANDEM_PLUG: plug, TANDEM_TARGET: plug, TANDEM_FENCE_DEVICE: "hv-s1", ...extra }, { VIRSH_PASSWORD: "it's\nsecret" }));
const lbRun = (action: string, server: string, on = "lb-1") =>
  run(on, hookCommand(`tandem-sim lb ${action}`, { TANDEM_BALANCER: "lb-s1", TANDEM_BACKEND: "web-s1", TANDEM_BACKEND_SERVER: server, TANDEM_ACTION: action }));
const probe = (from: string, to: string, port: number) => run(from, probeCommand({ address: fleet.host(to).address, port }));
const refused = (name: string) =>
  new Promise<boolean>((resolve) => {
    const s = net.connect({ host: fleet.host(name).address, port: fleet.host(name).port });
    s.once("connect", () => (s.destroy(), resolve(false)));
    s.once("error", (e: NodeJS.ErrnoException) => resolve(e.code === "ECONNREFUSED"));
  });
const sampleOf = async (name: string) => ZAgentSample.parse(JSON.parse((await run(name, pipedAgentCommand({ services: fleet.host(name).services }), agentScript().source)).stdout));

describe("power through a hypervisor", () => {
  it("powers a host of its site off and on, as a fence device's script on sh -s", async () => {
    expect(await fenceRun("tandem-sim power status", "db-a")).toMatchObject({ code: 0, stdout: "running\n" });
    expect(await fenceRun("tandem-sim power off", "db-a")).toMatchObject({ code: 0, stdout: "Domain 'db-a' destroyed\n" });
    expect(fleet.host("db-a")).toMatchObject({ power: "off", poweredOffBy: "hv-s1" });
    expect(await refused("db-a")).toBe(true);
    expect(await fenceRun("tandem-sim power status", "db-a")).toMatchObject({ code: 0, stdout: "shut off\n" });
    expect(await probe("db-b", "db-a", fleet.host("db-a").port)).toMatchObject({ code: 1, stdout: "unreachable\n" });
    expect(await probe("db-b", "db-a", 5432)).toMatchObject({ code: 1, stdout: "unreachable\n" });
    // Off again is no error, and the host stays off by whoever turned it off.
    expect(await fenceRun("tandem-sim power off", "db-a")).toMatchObject({ code: 0, stdout: "Domain 'db-a' destroyed\n" });
    expect(fleet.faults("db-a")).toEqual([]);
    expect(fleet.stats().poweredOff).toBe(1);

    expect(await fenceRun("tandem-sim power on", "db-a")).toMatchObject({ code: 0, stdout: "Domain 'db-a' started\n" });
    expect(fleet.host("db-a")).toMatchObject({ power: "on", poweredOffBy: null, role: "primary" });
    expect(await refused("db-a")).toBe(false);
    expect(await fenceRun("tandem-sim power status", "db-a")).toMatchObject({ stdout: "running\n" });
    // It came back believing it is primary: the role probe says so.
    expect(await run("db-a", "tandem-sim role")).toMatchObject({ code: 0, stdout: "primary\n" });
  });

  it("also takes the plug from the env form, and changes nothing in a dry run", async () => {
    const off = hookCommand("tandem-sim power off", { TANDEM_PLUG: "web-1", TANDEM_DRY_RUN: "1" });
    expect(await run("hv-s1", off)).toMatchObject({ code: 0, stdout: expect.stringMatching(/^dry run: hv-s1 would power web-1 off/) });
    expect(fleet.host("web-1").power).toBe("on");
    expect(await run("hv-s1", hookCommand("tandem-sim power off", { TANDEM_PLUG: "web-1" }))).toMatchObject({ code: 0 });
    expect(fleet.host("web-1")).toMatchObject({ power: "off", poweredOffBy: "hv-s1" });
  });

  it("knows only its own site's hosts, and only a hypervisor powers anything", async () => {
    for (const plug of ["far", "nobody", "hv-s1"]) {
      expect(await fenceRun("tandem-sim power off", plug)).toMatchObject({ code: 1, stderr: `error: failed to get domain '${plug}'\n` });
    }
    expect(await run("hv-s1", "sh -s", "tandem-sim power status\n")).toMatchObject({ code: 1, stderr: "error: failed to get domain ''\n" });
    expect(fleet.host("far").power).toBe("on");
    const notHv = await run("db-b", "sh -s", remoteScript("tandem-sim power off", { TANDEM_PLUG: "db-a" }, {}));
    // As a host without virsh would answer: exit 127.
    expect(notHv).toMatchObject({ code: 127, stderr: "sh: 1: tandem-sim power: not found (db-b is a standby, not a hypervisor)\n" });
    expect(fleet.host("db-a").power).toBe("on");
  });

  it("refuses scripts it does not understand, and still runs the agent piped on sh -s", async () => {
    expect(await run("hv-s1", "sh -s", "export TANDEM_PLUG='db-a'\nvirsh destroy \"$TANDEM_PLUG\"\n")).toMatchObject({ code: 127, stderr: "sh: 1: virsh: not found\n" });
    expect(await run("hv-s1", "sh -s", "export TANDEM_PLUG=\"db-a\"\ntandem-sim power off\n")).toMatchObject({ code: 2 });
    // One command per script: a second line is refused before anything runs.
    const two = await run("hv-s1", "sh -s", "export TANDEM_PLUG='db-a'\ntandem-sim power off\ntandem-sim power on\n");
    expect(two).toMatchObject({ code: 2, stderr: expect.stringMatching(/one command line/) });
    expect(fleet.host("db-a").power).toBe("on");
    expect((await sampleOf("hv-s1")).services).toEqual([{ name: "libvirtd", state: "active" }]);
  });

  it("boots on power on: ends down, hang, cutoff, service-stopped and fenced; uptime restarts; other faults stay", async () => {
    expect((await sampleOf("db-b")).uptimeSec).toBeGreaterThan(86_400);
    expect(await run("db-b", hookCommand("tandem-sim fence", { TANDEM_SERVER: "db-b" }))).toMatchObject({ code: 0 });
    expect(fleet.host("db-b").fenced).toBe(true);
    for (const f of ["service-stopped", "high-cpu", "cutoff", "hang"] as const) await fleet.inject("db-b", f);
    await fleet.power("db-b", "off", { by: "operator" });
    expect(fleet.host("db-b")).toMatchObject({ power: "off", poweredOffBy: "operator" });
    await fleet.inject("db-b", "down");
    expect(fleet.faults("db-b").map((f) => f.fault).sort()).toEqual(["cutoff", "down", "hang", "high-cpu", "service-stopped"]);

    await fleet.power("db-b", "on");
    expect(fleet.faults("db-b").map((f) => f.fault)).toEqual(["high-cpu"]);
    expect(fleet.host("db-b")).toMatchObject({ power: "on", poweredOffBy: null, fenced: false, role: "standby" });
    const s = await sampleOf("db-b");
    expect(s.uptimeSec).toBeLessThan(60);
    expect(s.services).toEqual([{ name: "postgresql", state: "active" }]);
    expect(await run("db-b", "tandem-sim check")).toMatchObject({ code: 0 });
  });
});

describe("a load balancer host's backends", () => {
  it("sets admin states and reports each backend server's health", async () => {
    expect(await lbRun("state", "web-1")).toMatchObject({ code: 0, stdout: "ready up\n" });
    expect(await lbRun("disable", "web-1")).toMatchObject({ code: 0 });
    expect(await lbRun("state", "web-1")).toMatchObject({ stdout: "maint up\n" });
    expect(await lbRun("drain", "web-1")).toMatchObject({ code: 0 });
    expect(await lbRun("state", "web-1")).toMatchObject({ stdout: "drain up\n" });
    expect(await lbRun("enable", "web-1")).toMatchObject({ code: 0 });
    expect(await lbRun("state", "web-1")).toMatchObject({ stdout: "ready up\n" });
    await lbRun("disable", "web-2");

    await fleet.power("web-1", "off");
    expect(await lbRun("state", "web-1")).toMatchObject({ stdout: "ready down\n" });
    await fleet.power("web-1", "on");
    await fleet.inject("web-1", "service-stopped", { service: "php8.2-fpm" });
    expect(await lbRun("state", "web-1")).toMatchObject({ stdout: "ready up\n" });
    await fleet.inject("web-1", "service-stopped");
    expect(await lbRun("state", "web-1")).toMatchObject({ stdout: "ready down\n" });
    await fleet.clear("web-1");
    await fleet.inject("web-1", "cutoff");
    expect(await lbRun("state", "web-1")).toMatchObject({ stdout: "ready up\n" });
    await fleet.inject("web-1", "down");
    expect(fleet.lbBackends("lb-1")).toEqual([
      { backend: "web-s1", server: "web-1", admin: "ready", health: "down" },
      { backend: "web-s1", server: "web-2", admin: "maint", health: "up" },
    ]);
    expect(fleet.lbBackends("hv-s1")).toEqual([]);
  });

  it("refuses unknown servers, missing variables, and hosts that are no balancer", async () => {
    expect(await lbRun("disable", "web-9")).toMatchObject({ code: 1, stderr: "no such server\n" });
    expect(await run("lb-1", hookCommand("tandem-sim lb state", { TANDEM_BACKEND: "web-s1" }))).toMatchObject({ code: 2, stderr: expect.stringMatching(/TANDEM_BACKEND_SERVER/) });
    expect(await run("lb-1", "tandem-sim lb state")).toMatchObject({ code: 2 });
    const notLb = await lbRun("state", "web-1", "web-2");
    expect(notLb).toMatchObject({ code: 127, stderr: expect.stringMatching(/^sh: 1: tandem-sim lb: not found \(web-2 is a web, not a load balancer/) });
    expect(fleet.lbBackends("web-2")).toEqual([]);
    expect(fleet.lbBackends("lb-1").map((b) => b.server)).not.toContain("web-9");
  });
});

describe("service ports and the role probe", () => {
  it("a peer reaches a service's port while the host is reachable and the service runs", async () => {
    expect(fleet.host("db-a").servicePorts).toEqual({ postgresql: 5432 });
    expect(fleet.host("web-1").servicePorts).toEqual({ nginx: 80, "php8.2-fpm": 9000 });
    expect(fleet.host("lb-1").servicePorts).toEqual({ haproxy: 80 });
    expect(await probe("db-b", "db-a", 5432)).toMatchObject({ code: 0, stdout: "reachable\n" });
    expect(await probe("db-b", "db-a", 3306)).toMatchObject({ code: 1, stdout: "unreachable\n" });
    expect(await probe("db-b", "web-2", 8080)).toMatchObject({ code: 0 });
    expect(await probe("db-b", "web-2", 80)).toMatchObject({ code: 1 });

    await fleet.inject("db-a", "service-stopped");
    expect(await probe("db-b", "db-a", 5432)).toMatchObject({ code: 1, stdout: "unreachable\n" });
    expect(await probe("db-b", "db-a", fleet.host("db-a").port)).toMatchObject({ code: 0, stdout: "reachable\n" });
    await fleet.clear("db-a");
    // Cut off from Tandem only: peers still reach the service.
    await fleet.inject("db-a", "cutoff");
    expect(await probe("db-b", "db-a", 5432)).toMatchObject({ code: 0 });
    await fleet.inject("db-a", "hang");
    expect(await probe("db-b", "db-a", 5432)).toMatchObject({ code: 1 });
  });

  it("refuses a port for a service the host does not run, or a port used twice", async () => {
    await expect(startSimFleet({ hosts: [{ name: "x", address: `${net16}.100`, services: ["nginx"], servicePorts: { redis: 6379 } }] })).rejects.toThrow(/does not run/);
    await expect(startSimFleet({ hosts: [{ name: "x", address: `${net16}.100`, services: ["nginx", "haproxy"] }] })).rejects.toThrow(/both listen on 80/);
  });

  it("prints the role, and sets it", async () => {
    expect(await run("db-b", "tandem-sim role")).toMatchObject({ code: 0, stdout: "standby\n" });
    expect(await run("db-b", hookCommand("tandem-sim role primary", { TANDEM_SERVER: "db-b" }))).toMatchObject({ code: 0 });
    expect(await run("db-b", hookCommand("tandem-sim role", { TANDEM_SERVER: "db-b" }))).toMatchObject({ code: 0, stdout: "primary\n" });
    await run("db-b", "tandem-sim role standby");
    expect(fleet.host("db-b").role).toBe("standby");
  });
});
