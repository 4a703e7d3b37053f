// Automatic failover end to end: a simulated PostgreSQL pair (real SSH,
// `tandem-sim` hooks, `tandem-probe` peer probes) behind a real HAProxy,
// watched by the real monitoring service at a 1 s poll interval; the group's
// policy is AUTOMATIC. A dead primary is failed over by "auto" with RTO/RPO
// recorded; a primary only Tandem lost sight of is not; a second DOWN within
// the cooldown is refused. Its alerts are wired as in production: "started"
// lasts as long as the failover runs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureHaproxy } from "./haproxy";
import { eventually, log, startFailoverPair, type FailoverPair } from "./failover-pair";
import type { SimFleet } from "../../agents/sim/sim-types";
import { createAutoFailover, type AutoFailover } from "../../server/failover/auto-failover";
import type { TestDatabase } from "./database";
import { createAlertManager, type AlertManager } from "../../server/alerts/alert-manager";
import { createAlertSources, type AlertSources } from "../../server/alerts/alert-sources";
import { operationEvents, type TOperationStateEvent } from "../../server/operations/operation.types";

const installed = await ensureHaproxy();
if (!installed) console.warn("auto-failover tests skipped: /usr/sbin/haproxy is missing and `apt-get install -y haproxy` failed");

let pair: FailoverPair;
let t: TestDatabase;
let sim: SimFleet;
let auto: AutoFailover;
let groupId: string;
let alerts: AlertManager;
let sources: AlertSources | undefined;

const liveOf = (name: string) => pair.liveOf(name);
const servedBy = (n?: number) => pair.servedBy(n);
const roles = () => pair.roles();
const standbyReady = (name: string) => pair.standbyReady(name);

type Refusal = { kind: string; reasons: string[] };
async function refusals(): Promise<Refusal[]> {
  const rows = await t.db.auditEvent.findMany({ where: { action: "failover.refused", targetId: groupId }, orderBy: { at: "asc" } });
  return rows.map((r) => r.details as Refusal);
}

describe.runIf(installed)("automatic failover against a simulated pair and a real HAProxy", () => {
  beforeAll(async () => {
    pair = await startFailoverPair({
      net: `127.34.${process.pid % 250}`,
      seed: 12,
      intervalMs: 1000,
      group: { name: "pg-auto", failoverPolicy: "AUTOMATIC", cooldownSeconds: 600 },
      engine: { emit: (_room, event, payload) => void (event === operationEvents.state && sources?.onOperationState(payload as TOperationStateEvent)) },
    });
    ({ t, sim, groupId } = pair);
    alerts = createAlertManager({ db: t.db, log });
    await alerts.start();
    sources = createAlertSources({ db: t.db, manager: alerts, health: pair.monitoring.engine, log });
    await sources.start();
    auto = createAutoFailover({ db: t.db, secretBox: pair.rt.secretBox, log, engine: pair.engine, monitoring: pair.monitoring, brake: { max: 3, windowMs: 10 * 60_000 }, onDecision: (d) => sources?.onAutoDecision(d) });
    auto.start();
  }, 60_000);

  afterAll(async () => {
    await pair?.stop(async () => {
      await auto?.stop();
      await sources?.stop();
      await alerts?.stop();
    });
  });


  it("does not fail over when only Tandem lost sight of the primary (its peers still reach it)", async () => {
    await sim.inject("db-a", "cutoff");
    await eventually(() => liveOf("db-a")?.state === "DOWN", "db-a DOWN as Tandem sees it");
    const [refusal] = await eventually(async () => {
      const r = await refusals();
      return r.length ? r : null;
    }, "the refusal");
    expect(refusal).toMatchObject({ kind: "second-opinion", severity: "critical" });
    expect(refusal!.reasons.join("\n")).toMatch(/still reachable from its peers/);
    expect(refusal!.reasons.join("\n")).toMatch(/db-b: reachable/);
    expect(await t.db.operation.count()).toBe(0);
    expect(await roles()).toEqual({ "db-a": "PRIMARY/IN_SERVICE", "db-b": "STANDBY/IN_SERVICE" });
    expect(await servedBy()).toEqual(new Set(["db-a"]));

    await sim.clear("db-a");
    await eventually(() => liveOf("db-a")?.state === "UP", "db-a UP again");
  }, 60_000);

  it("fails a dead primary over on its own: initiator auto, roles moved, traffic on the new primary, RTO/RPO recorded", async () => {
    await standbyReady("db-b");
    await sim.inject("db-a", "down");
    const started = await eventually(() => t.db.operation.findFirst({ where: { groupId, kind: "FAILOVER" } }), "an automatic failover");
    expect(started.initiator).toBe("auto");
    expect(started.reason).toMatch(/automatic failover: db-a confirmed DOWN.*no peer reaches the primary/);
    const op = await eventually(async () => {
      const o = await t.db.operation.findUnique({ where: { id: started.id } });
      return o && !["PLANNED", "RUNNING"].includes(o.state) ? o : null;
    }, "the failover to end");
    expect(op.state, op.outcome ?? "").toBe("SUCCEEDED");
    expect(await servedBy()).toEqual(new Set(["db-b"]));
    expect(sim.host("db-b").role).toBe("primary");
    expect(await roles()).toEqual({ "db-a": "STANDBY/FENCED", "db-b": "PRIMARY/IN_SERVICE" });

    const timings = op.timings as { detectionMs: number; decisionMs: number; cutoverMs: number; rtoFrom: string };
    expect(timings.rtoFrom).toBe("last-good-answer");
    for (const k of ["detectionMs", "decisionMs", "cutoverMs"] as const) expect(timings[k]).toBeGreaterThanOrEqual(0);
    expect(timings.detectionMs).toBeGreaterThan(0); // last good answer, then failed polls until confirmed DOWN
    expect(op.rtoMs).toBeGreaterThanOrEqual(timings.detectionMs + timings.cutoverMs);
    expect(op.rtoMs).toBeLessThan(30_000);
    expect(op.rpoMs).not.toBeNull();
    expect(op.rpoMs).toBeGreaterThanOrEqual(0);

    // The operator was told it started; that alert ends with the failover, and a success leaves nothing open.
    const startedAlert = await eventually(async () => {
      await alerts.settled();
      const a = await t.db.alert.findFirst({ where: { source: "failover-performed", operationId: op.id } });
      return a?.state === "RESOLVED" ? a : null;
    }, "the 'started' alert resolved");
    expect(startedAlert.title).toBe("Automatic failover of pg-auto started");
    expect(startedAlert.resolution).toBe("the failover ended: succeeded");
    expect(await t.db.alert.count({ where: { operationId: op.id, state: { not: "RESOLVED" } } })).toBe(0);
  }, 60_000);

  it("refuses a second automatic failover of the group within its cooldown", async () => {
    await sim.clear("db-a");
    const before = (await refusals()).length;
    const ops = await t.db.operation.count();
    await sim.inject("db-b", "down");
    await eventually(() => liveOf("db-b")?.state === "DOWN", "db-b DOWN");
    const refusal = await eventually(async () => (await refusals())[before], "the cooldown refusal");
    expect(refusal.kind).toBe("cooldown");
    expect(refusal.reasons.join("\n")).toMatch(/db-b is DOWN but pg-auto is in cooldown/);
    expect(await t.db.operation.count()).toBe(ops);
    expect(await roles()).toEqual({ "db-a": "STANDBY/FENCED", "db-b": "PRIMARY/IN_SERVICE" });
  }, 60_000);
});
