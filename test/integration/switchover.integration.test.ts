// Manual switchover and failover end to end below the UI: a simulated
// PostgreSQL pair (real SSH, `tandem-sim` runbook hooks) behind a real HAProxy,
// watched by the real monitoring service, switched by the operations engine.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedUser } from "./users";
import { ensureHaproxy } from "./haproxy";
import { eventually, startFailoverPair, type FailoverPair } from "./failover-pair";
import type { SimFleet } from "../../agents/sim/sim-types";
import type { Actor } from "../../server/auth/principal";
import { isAppError } from "../../server/errors/app-error";
import type { SecretBox } from "../../server/crypto/secret-box";
import { runHook } from "../../server/failover/run-hook";
import { startFailover } from "../../server/failover/start-failover";
import { startSwitchover } from "../../server/failover/start-switchover";
import { liveStatesOf } from "../../server/groups/group-dto";
import type { TestDatabase } from "./database";

const installed = await ensureHaproxy();
if (!installed) console.warn("switchover tests skipped: /usr/sbin/haproxy is missing and `apt-get install -y haproxy` failed");

let pair: FailoverPair;
let t: TestDatabase;
let sim: SimFleet;
let actor: Actor;
let groupId: string;
let secretBox: SecretBox;
let serverIds: Record<string, string>;

const deps = () => ({ db: t.db, engine: pair.engine, live: liveStatesOf(pair.monitoring) });
const liveOf = (name: string) => pair.liveOf(name);
const servedBy = (n?: number) => pair.servedBy(n);
const roles = () => pair.roles();
const standbyReady = (name: string) => pair.standbyReady(name);

async function conflict(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(isAppError(e) && e.code).toBe("CONFLICT");
  return (e as Error).message;
}

describe.runIf(installed)("manual switchover and failover against a simulated pair and a real HAProxy", () => {
  beforeAll(async () => {
    pair = await startFailoverPair({ net: `127.33.${process.pid % 250}`, seed: 11, intervalMs: 500, group: { name: "pg-it" } });
    ({ t, sim, groupId, serverIds } = pair);
    secretBox = pair.rt.secretBox;
    const op = await seedUser(t.db, "OPERATOR");
    actor = { userId: op.user.id, label: op.user.email };
  }, 60_000);

  afterAll(async () => {
    await pair?.stop();
  });

  it("switches over: every step recorded, traffic on the new primary, roles swapped in the database and on the hosts", async () => {
    expect(await servedBy()).toEqual(new Set(["db-a"]));
    const { operation, done } = await startSwitchover(deps(), actor, groupId, { reason: "planned maintenance on db-a", ticketRef: "CHG-42" });
    expect(operation).toMatchObject({ kind: "SWITCHOVER", state: "RUNNING", initiator: actor.label, reason: "planned maintenance on db-a", ticketRef: "CHG-42" });
    const final = await done;
    expect(final.state, final.outcome ?? "").toBe("SUCCEEDED");
    expect(final.steps.map((s) => s.action)).toEqual(["hook", "lb-drain", "hook", "hook", "lb-disable", "lb-enable", "verify", "set-roles"]);
    for (const s of final.steps) {
      expect(s.state).toBe("SUCCEEDED");
      expect(Date.parse(s.endedAt!)).toBeGreaterThanOrEqual(Date.parse(s.startedAt!));
    }
    expect(final.steps[2]!.output).toMatch(/db-a is now standby/);
    expect(final.steps[3]!.output).toMatch(/db-b is now primary/);

    expect(await servedBy()).toEqual(new Set(["db-b"]));
    expect(await roles()).toEqual({ "db-a": "STANDBY/IN_SERVICE", "db-b": "PRIMARY/IN_SERVICE" });
    expect(sim.host("db-a").role).toBe("standby");
    expect(sim.host("db-b").role).toBe("primary");
    const audit = await t.db.auditEvent.findMany({ where: { targetId: final.id }, select: { action: true } });
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["operation.create", "operation.start", "operation.succeeded"]));
  }, 60_000);

  it("refuses a second switchover on the group while one runs (409), then switches back", async () => {
    await standbyReady("db-a");
    const first = await startSwitchover(deps(), actor, groupId, { reason: "switch back" });
    expect(await conflict(startSwitchover(deps(), actor, groupId, { reason: "double click" }))).toMatch(/already running/);
    const final = await first.done;
    expect(final.state, final.outcome ?? "").toBe("SUCCEEDED");
    expect(await servedBy()).toEqual(new Set(["db-a"]));
    expect(await roles()).toEqual({ "db-a": "PRIMARY/IN_SERVICE", "db-b": "STANDBY/IN_SERVICE" });
  }, 60_000);

  it("fails over a dead primary: fenced (by LB isolation, its hook cannot reach it), candidate promoted, traffic moved", async () => {
    await standbyReady("db-b");
    await sim.inject("db-a", "down");
    const { done } = await startFailover(deps(), actor, groupId, { reason: "db-a is down" });
    const final = await done;
    expect(final.state, final.outcome ?? "").toBe("SUCCEEDED");
    expect(final.steps.map((s) => s.action)).toEqual(["fence", "hook", "lb-disable", "lb-enable", "verify", "set-roles"]);
    // Started before monitoring saw it die: the soft level is tried and fails (nothing answers), no device covers it, the balancer isolates it.
    expect(final.steps[0]!.output).toMatch(/level 1 \(hook\): failed: [\s\S]*level 2 \(device\): skipped: no fence device can power db-a off[\s\S]*level 3 \(lb\): fenced\. HAProxy .* db-a in maintenance \(isolated\)/);
    expect(await servedBy()).toEqual(new Set(["db-b"]));
    expect(sim.host("db-b").role).toBe("primary");
    expect(await roles()).toEqual({ "db-a": "STANDBY/FENCED", "db-b": "PRIMARY/IN_SERVICE" });
  }, 60_000);

  it("promotes nobody when no standby qualifies, and says why for each (409)", async () => {
    await sim.clear("db-a");
    await t.db.groupMember.updateMany({ where: { groupId, serverId: serverIds["db-a"] }, data: { adminState: "IN_SERVICE" } });
    await sim.inject("db-a", "replication-lag", { seconds: 120 });
    await eventually(() => liveOf("db-a")?.lag === 120, "db-a reporting 120 s of lag");
    const before = await t.db.operation.count();
    const message = await conflict(startSwitchover(deps(), actor, groupId, { reason: "should not run" }));
    expect(message).toMatch(/No standby qualifies/);
    expect(message).toMatch(/db-a: .*replication lag 120s > 30s/);
    expect(await t.db.operation.count()).toBe(before);
    expect(await roles()).toEqual({ "db-a": "STANDBY/IN_SERVICE", "db-b": "PRIMARY/IN_SERVICE" });
  }, 60_000);

  it("stops before promoting when fencing is required and fails (no hook reaches it, no balancer to isolate it at)", async () => {
    // The old primary, rebuilt as a standby (what an admin does after a failover).
    await sim.clear("db-a");
    await eventually(() => liveOf("db-a")?.state !== "DOWN", "db-a back");
    const rebuilt = await runHook({ db: t.db, secretBox }, { serverId: serverIds["db-a"]!, hook: "tandem-sim role standby", env: { TANDEM_GROUP: "pg-it" }, timeoutMs: 5000 });
    expect(rebuilt.output).toMatch(/db-a is now standby/);
    await standbyReady("db-a");
    await t.db.redundancyGroup.update({ where: { id: groupId }, data: { loadBalancerId: null } });
    await sim.inject("db-b", "down");
    const { done } = await startFailover(deps(), actor, groupId, { reason: "db-b is down" });
    const final = await done;
    expect(final.state).toBe("FAILED");
    expect(final.steps[0]).toMatchObject({ action: "fence", state: "FAILED" });
    expect(final.steps[0]!.output).toMatch(/fencing is required and every level failed: hook: .*; device: no fence device can power db-b off; lb: the group has no load balancer entry for it/);
    expect(final.steps.slice(1).every((s) => s.state === "PENDING")).toBe(true);
    expect(sim.host("db-a").role).toBe("standby");
    expect(await roles()).toEqual({ "db-a": "STANDBY/IN_SERVICE", "db-b": "PRIMARY/IN_SERVICE" });
  }, 60_000);

  it("fails over when no level can fence but an operator confirms the old primary is off (a lost site), after trying every level", async () => {
    // Same state as above: db-b down, nothing can fence it.
    const { done } = await startFailover(deps(), actor, groupId, { reason: "site of db-b lost", confirmedOff: true });
    const final = await done;
    expect(final.state).toBe("SUCCEEDED");
    expect(final.steps[0]).toMatchObject({ action: "fence", state: "SUCCEEDED" });
    expect(final.steps[0]!.output).toMatch(/no level fenced it \(hook: .*lb: the group has no load balancer entry for it\); .* confirmed it is off \(manual fencing\)/);
    expect(sim.host("db-a").role).toBe("primary");
    expect(await roles()).toEqual({ "db-a": "PRIMARY/IN_SERVICE", "db-b": "STANDBY/FENCED" });
    await expect(startSwitchover(deps(), actor, groupId, { reason: "x", confirmedOff: true })).rejects.toThrow(/confirmedOff applies to a failover/);
  }, 60_000);
});
