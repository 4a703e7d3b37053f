// The runbook hooks the simulator understands (`tandem-sim ...`), parsed and run
// over real SSH as the failover hook runner sends them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shellQuote } from "../../server/agent/agent-command";
import { parseCommand } from "./commands";
import { connectSim, execSim } from "./sim-client";
import { DEFAULT_SIM_PASSWORD, startSimFleet } from "./sim-fleet";
import type { SimFleet } from "./sim-types";
import { ZAgentSample } from "../../server/agent/agent-sample.types";
import { agentScript, pipedAgentCommand } from "../../server/agent/agent-command";

const wrapped = (hook: string) => `env TANDEM_GROUP=${shellQuote("pg it's")} TANDEM_SERVER=${shellQuote("db-a")} sh -c ${shellQuote(hook)}`;

describe("parseCommand: tandem-sim hooks", () => {
  it("recognises the hooks bare and wrapped by the hook runner", () => {
    const env = { TANDEM_GROUP: "pg it's", TANDEM_SERVER: "db-a" };
    expect(parseCommand("tandem-sim role primary")).toEqual({ kind: "sim", env: {}, action: "role", role: "primary" });
    expect(parseCommand(wrapped("tandem-sim role standby"))).toEqual({ kind: "sim", env, action: "role", role: "standby" });
    expect(parseCommand(wrapped("tandem-sim fence"))).toEqual({ kind: "sim", env, action: "fence" });
    expect(parseCommand("tandem-sim check")).toEqual({ kind: "sim", env: {}, action: "check" });
    expect(parseCommand(`env TANDEM_DRY_RUN=1 sh -c 'tandem-sim check'`)).toEqual({ kind: "sim", env: { TANDEM_DRY_RUN: "1" }, action: "check", dryRun: true });
  });

  it("refuses bad arguments and anything else", () => {
    expect(parseCommand("tandem-sim role leader")).toMatchObject({ kind: "bad-args" });
    expect(parseCommand("tandem-sim check now")).toMatchObject({ kind: "bad-args" });
    expect(parseCommand(wrapped("rm -rf /"))).toMatchObject({ kind: "unknown", program: "rm" });
    expect(parseCommand("env sh -c 'tandem-sim check' extra")).toMatchObject({ kind: "unknown" });
    expect(parseCommand("tandem-sim check; reboot")).toMatchObject({ kind: "unknown" });
  });
});

describe("a virtual host running hooks", () => {
  const base = `127.32.${process.pid % 250}`;
  let fleet: SimFleet;
  beforeAll(async () => {
    fleet = await startSimFleet({
      hosts: [
        { name: "db-a", address: `${base}.1`, services: ["postgresql"], role: "primary" },
        { name: "db-b", address: `${base}.2`, services: ["postgresql"], role: "standby" },
      ],
      seed: 3,
    });
  });
  afterAll(() => fleet?.stop());

  const run = async (name: string, command: string, stdin?: Buffer) => {
    const c = await connectSim({ ...fleet.host(name), password: DEFAULT_SIM_PASSWORD });
    try {
      return await execSim(c, command, stdin ? { stdin } : {});
    } finally {
      c.end();
    }
  };
  const lagOf = async (name: string) => ZAgentSample.parse(JSON.parse((await run(name, pipedAgentCommand(), agentScript().source)).stdout)).replicationLagSec;

  it("swaps roles: a standby reports replication lag, a primary none", async () => {
    expect(await lagOf("db-b")).not.toBeNull();
    expect(await lagOf("db-a")).toBeNull();
    expect((await run("db-b", wrapped("tandem-sim role primary"))).code).toBe(0);
    expect((await run("db-a", wrapped("tandem-sim role standby"))).code).toBe(0);
    expect(fleet.host("db-b").role).toBe("primary");
    expect(fleet.host("db-a").role).toBe("standby");
    expect(await lagOf("db-b")).toBeNull();
    expect(await lagOf("db-a")).not.toBeNull();
  });

  it("check passes until the host is fenced; the agent still answers", async () => {
    expect(await run("db-a", wrapped("tandem-sim check"))).toMatchObject({ code: 0 });
    expect(await run("db-a", "tandem-sim fence")).toMatchObject({ code: 0 });
    expect(fleet.host("db-a").fenced).toBe(true);
    const check = await run("db-a", wrapped("tandem-sim check"));
    expect(check.code).toBe(1);
    expect(check.stderr).toMatch(/fenced/);
    expect(await lagOf("db-a")).not.toBeUndefined();
    expect((await run("db-a", "tandem-sim role master")).code).toBe(2);
  });

  it("answers the role probe as its database would: not while fenced or stopped; demoting rebuilds a fenced host", async () => {
    // db-a was fenced above (soft: its database stopped).
    const fenced = await run("db-a", "tandem-sim role");
    expect(fenced.code).toBe(2);
    expect(fenced.stderr).toMatch(/is the server running/);
    expect(await run("db-a", "tandem-sim role standby")).toMatchObject({ code: 0 });
    expect(fleet.host("db-a").fenced).toBe(false);
    expect(await run("db-a", "tandem-sim role")).toMatchObject({ code: 0, stdout: "standby\n" });
    await fleet.inject("db-a", "service-stopped", { service: "postgresql" });
    expect((await run("db-a", "tandem-sim role")).code).toBe(2);
    await fleet.clear("db-a", "service-stopped");
    expect(await run("db-a", "tandem-sim role")).toMatchObject({ code: 0, stdout: "standby\n" });
  });
});
