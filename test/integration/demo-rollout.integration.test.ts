// A whole-demo patch rollout: startDemo's 27 simulated servers, watched by the
// monitoring service at the demo's interval, patched with the default apt/dnf
// scripts and rebooted where a kernel came with the patch, in batches of a few.
// The simulator's patches and reboots take seconds, so the whole fleet is done
// in a minute or two; every group is watched the whole time for BROKEN.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SimFleet } from "../../agents/sim/sim-types";
import { systemActor } from "../../server/auth/principal";
import { failoverActions } from "../../server/failover/failover-actions";
import { startSwitch } from "../../server/failover/start-switch";
import { liveStatesOf } from "../../server/groups/group-dto";
import { listGroups } from "../../server/groups/list-groups";
import type { Monitoring } from "../../server/monitoring/monitoring-service";
import { createOperationsEngine, type OperationsEngine } from "../../server/operations/engine";
import { createRolloutActivity } from "../../server/rollouts/rollout-activity";
import { createAlertManager, type AlertManager } from "../../server/alerts/alert-manager";
import { createAlertSources } from "../../server/alerts/alert-sources";
import { rolloutDriver } from "../../server/rollouts/rollout-driver";
import { getRollout } from "../../server/rollouts/rollout-dto";
import { startRollout } from "../../server/rollouts/start-rollout";
import { ZStartRolloutRequest } from "../../server/rollouts/rollouts.types";
import type { TestDatabase, TestRuntime } from "./database";
import { startDemoFleet } from "./demo-fleet";
import { eventually, log } from "./failover-pair";

let t: TestDatabase;
let rt: TestRuntime;
let sim: SimFleet;
let monitoring: Monitoring;
let engine: OperationsEngine;
let alerts: AlertManager;
const activity = createRolloutActivity();
const cleanup: (() => Promise<unknown>)[] = [];

describe("a rollout over the whole demo fleet", () => {
  beforeAll(async () => {
    ({ t, rt, sim, monitoring } = await startDemoFleet(2622, cleanup));
    // Alerts as server/start.ts wires them: what a rollout has out of rotation is held back, naming it.
    alerts = createAlertManager({ db: t.db, log });
    alerts.setSuppressor((subject) => activity.suppressing(subject));
    await alerts.start();
    cleanup.push(() => alerts.stop());
    const sources = createAlertSources({ db: t.db, manager: alerts, health: monitoring.engine, log });
    await sources.start();
    cleanup.push(() => sources.stop());
    engine = createOperationsEngine({
      db: t.db,
      actions: failoverActions({ db: t.db, secretBox: rt.secretBox, log }),
      log,
      drivers: {
        ROLLOUT: rolloutDriver({
          secretBox: rt.secretBox,
          monitoring,
          live: () => liveStatesOf(monitoring),
          sample: (id) => monitoring.hostDetail(id)?.sample,
          windowEnd: async () => null,
          activity,
          async switchover(groupId, toServerId, reason) {
            const { done } = await startSwitch({ db: t.db, engine, live: liveStatesOf(monitoring) }, { userId: null, label: "rollout" }, "SWITCHOVER", groupId, { reason, candidateServerId: toServerId });
            return done;
          },
        }),
      },
    });
    await engine.start();
    cleanup.push(() => engine.stop());
    const servers = await t.db.server.findMany({ select: { id: true } });
    await eventually(() => servers.every((s) => monitoring.hostDetail(s.id)?.host.health === "UP"), "every demo server UP", 60_000);
  }, 120_000);

  afterAll(async () => {
    for (const c of cleanup.reverse()) await c().catch(() => undefined);
  });

  it("patches every server it may, reboots those given a new kernel, leaves load balancers and hypervisors out, and never breaks a group", async () => {
    const before = new Map(sim.hosts.map((h) => [h.name, h.packages]));
    const servers = await t.db.server.findMany({ select: { id: true } });
    // The watch: every group's redundancy, as the group pages show it, every half second while the rollout runs.
    const broken: string[] = [];
    let watching = true;
    const watch = (async () => {
      while (watching) {
        for (const g of await listGroups(t.db, liveStatesOf(monitoring))) if (g.redundancy.state === "BROKEN") broken.push(`${g.name}: ${JSON.stringify(g.redundancy.unavailable)}`);
        await new Promise((r) => setTimeout(r, 500));
      }
    })();
    const { operation, done } = await startRollout(
      { db: t.db, live: liveStatesOf(monitoring), engine },
      systemActor,
      ZStartRolloutRequest.parse({ targets: { serverIds: servers.map((s) => s.id) }, batches: [4], hostTimeoutSeconds: 120, reason: "demo patching" }),
      { isAdmin: true },
    );
    const end = await done;
    watching = false;
    await watch;
    const r = await getRollout(t.db, operation.id);
    const failed = r.hostList
      .filter((h) => h.state !== "SUCCEEDED")
      .map((h) => `${h.name}: ${h.state} ${h.error ?? ""} | ${h.steps.map((s) => `${s.phase} ${s.state}: ${s.output ?? ""}`).join(" | ")}`);
    expect(failed).toEqual([]);
    expect(end.state, end.outcome ?? "").toBe("SUCCEEDED");
    expect(broken).toEqual([]);

    // Infrastructure no group describes is left out, saying why; up-to-date servers too.
    const out = new Map(r.unschedulable.map((u) => [u.name, u.reason]));
    for (const h of sim.hosts.filter((x) => x.name.startsWith("lb-"))) expect(out.get(h.name), h.name).toMatch(/^runs load balancer lb-\S+ for web-\S+: taking it down is an outage/);
    for (const h of sim.hosts.filter((x) => x.name.startsWith("hv-"))) expect(out.get(h.name), h.name).toMatch(/^fencing server of hv-\S+ \(for db-.*\): while it is down they cannot be fenced out of band/);
    const patched = new Set(r.hostList.map((h) => h.name));
    for (const h of sim.hosts) {
      const was = before.get(h.name)!;
      if (!patched.has(h.name)) {
        expect(out.has(h.name), h.name).toBe(true);
        continue;
      }
      expect(h.packages, h.name).toMatchObject({ pending: 0, rebootRequired: false });
      // A pending kernel or one already waiting: the host was rebooted onto it.
      if (was.kernelPending || was.rebootRequired) expect(h.packages.kernel, h.name).not.toBe(was.kernel);
      else expect(h.packages.kernel, h.name).toBe(was.kernel);
    }
    const rebooted = r.hostList.filter((h) => h.steps.some((s) => s.phase === "reboot" && s.state === "SUCCEEDED"));
    expect(rebooted.map((h) => h.name).sort()).toEqual(sim.hosts.filter((h) => patched.has(h.name) && (before.get(h.name)!.kernelPending || before.get(h.name)!.rebootRequired)).map((h) => h.name).sort());
    // A reboot takes its host out of answering: the alerts it raised were held back, naming the rollout.
    await alerts.settled();
    const aboutRebooted = await t.db.alert.findMany({ where: { serverId: { in: rebooted.map((h) => h.serverId) } }, select: { title: true, suppressed: true, suppressedReason: true } });
    expect(aboutRebooted.length).toBeGreaterThan(0);
    for (const a of aboutRebooted) expect(a, a.title).toMatchObject({ suppressed: true, suppressedReason: 'being patched by rollout "demo patching"' });
    // Every database primary was switched over to its standby first: the primaries are now the former standbys.
    expect(r.hostList.filter((h) => h.switchover).length).toBeGreaterThan(0);
  }, 300_000);
});
