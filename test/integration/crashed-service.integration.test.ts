// A crashed service is a failed primary: the simulated pair's primary keeps
// answering over SSH while its postgresql is stopped; with postgresql as the
// group's critical service and policy AUTOMATIC, the group stops being OK, the
// standby's probe of port 5432 agrees, the primary is fenced by its soft hook
// (it answers), and the standby takes over behind a real HAProxy.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureHaproxy } from "./haproxy";
import { eventually, log, startFailoverPair, type FailoverPair } from "./failover-pair";
import { createAutoFailover, type AutoFailover } from "../../server/failover/auto-failover";
import { getGroup } from "../../server/groups/get-group";
import { liveStatesOf } from "../../server/groups/group-dto";
import { createFencedWatch } from "../../server/failover/fenced-watch";
import { startRejoin } from "../../server/failover/start-switch";
import { balancerControl, loadBalancerRef } from "../../server/loadbalancer/balancer-ref";
import { createAlertManager, type AlertManager } from "../../server/alerts/alert-manager";
import { createAlertSources, type AlertSources } from "../../server/alerts/alert-sources";
import { systemActor } from "../../server/auth/principal";

const installed = await ensureHaproxy();

let pair: FailoverPair;
let auto: AutoFailover;
let alerts: AlertManager;
let sources: AlertSources;

describe.runIf(installed)("crashed-service failover against a simulated pair and a real HAProxy", () => {
  beforeAll(async () => {
    pair = await startFailoverPair({
      net: `127.36.${process.pid % 250}`,
      seed: 14,
      intervalMs: 1000,
      group: {
        name: "pg-svc",
        failoverPolicy: "AUTOMATIC",
        cooldownSeconds: 600,
        detectionThreshold: 2,
        criticalServices: [{ name: "postgresql", port: 5432 }],
        hooks: { check: "tandem-sim check", promote: "tandem-sim role primary", demote: "tandem-sim role standby", fence: "tandem-sim fence", role: "tandem-sim role" },
      },
    });
    auto = createAutoFailover({ db: pair.t.db, secretBox: pair.rt.secretBox, log, engine: pair.engine, monitoring: pair.monitoring, brake: { max: 3, windowMs: 10 * 60_000 } });
    auto.start();
    alerts = createAlertManager({ db: pair.t.db, log });
    await alerts.start();
    sources = createAlertSources({ db: pair.t.db, manager: alerts, health: pair.monitoring.engine, log });
    await sources.start();
  }, 60_000);

  afterAll(async () => {
    await pair?.stop(async () => {
      await auto?.stop();
      await sources?.stop();
      await alerts?.stop();
    });
  });

  it("is OK with both running, then fails the primary over when its postgresql stops though the host answers", async () => {
    const { t, sim, groupId } = pair;
    const group = () => getGroup(t.db, groupId, liveStatesOf(pair.monitoring));
    await eventually(async () => (await group()).redundancy.state === "OK", "pg-svc OK");

    await sim.inject("db-a", "service-stopped", { service: "postgresql" });
    const started = await eventually(() => t.db.operation.findFirst({ where: { groupId, kind: "FAILOVER" } }), "an automatic failover", 30_000);
    expect(started.initiator).toBe("auto");
    expect(started.reason).toMatch(/automatic failover: postgresql on db-a is down \(2 polls in a row since .*; the host answers\); second opinion: no peer reaches the primary: db-b: unreachable/);

    const op = await eventually(async () => {
      const o = await t.db.operation.findUnique({ where: { id: started.id }, include: { steps: { orderBy: { index: "asc" } } } });
      return o && !["PLANNED", "RUNNING"].includes(o.state) ? o : null;
    }, "the failover to end");
    expect(op.state, op.outcome ?? "").toBe("SUCCEEDED");
    // The host answers: the soft level (its fence hook) is tried first and is enough.
    expect(op.steps[0]).toMatchObject({ action: "fence", state: "SUCCEEDED" });
    expect(op.steps[0]!.output).toMatch(/level 1 \(hook\): fenced\. the fence hook on db-a succeeded: db-a fenced/);
    expect(await pair.servedBy()).toEqual(new Set(["db-b"]));
    expect(sim.host("db-b").role).toBe("primary");
    expect(await pair.roles()).toEqual({ "db-a": "STANDBY/FENCED", "db-b": "PRIMARY/IN_SERVICE" });

    // Honest counting afterwards: the fenced old primary cannot take over, so the group is at risk, and says why.
    const after = await group();
    expect(after.redundancy.state).toBe("AT_RISK");
    expect(after.redundancy.unavailable).toContainEqual({ name: "db-a", why: expect.stringMatching(/admin state is FENCED/) });
  }, 60_000);

  it("a fenced old primary that boots claiming the role is two primaries: alerted, isolated at the balancer again, until it is rejoined", async () => {
    const { t, sim, groupId, serverIds } = pair;
    const deps = { db: t.db, secretBox: pair.rt.secretBox };
    const watch = createFencedWatch({ ...deps, log, health: pair.monitoring.engine, onClaim: (c) => sources.onRoleClaim(c), everyMs: 600_000 });
    // A reboot brings its database back, believing it is primary; someone also put it back in the balancer.
    await sim.power("db-a", "off");
    await sim.power("db-a", "on");
    await eventually(() => pair.liveOf("db-a")?.state === "UP", "db-a answering after its boot");
    const group = await t.db.redundancyGroup.findUniqueOrThrow({ where: { id: groupId } });
    const { ref } = await loadBalancerRef(t.db, group.loadBalancerId!);
    await balancerControl(ref!, deps).enable({ backendServer: "db-a" });
    expect(await pair.servedBy(10)).toEqual(new Set(["db-a", "db-b"]));

    // The guard asks once the host answers again (monitoring may take a poll or two to see the boot).
    const claims = await eventually(async () => {
      const c = await watch.check();
      return c.length ? c : null;
    }, "the role probe's claim");
    expect(claims).toContainEqual(expect.objectContaining({ serverName: "db-a", active: true, primaryName: "db-b" }));
    expect(await pair.servedBy(10)).toEqual(new Set(["db-b"]));
    await alerts.settled();
    const alert = await t.db.alert.findFirstOrThrow({ where: { source: "two-primaries", groupId } });
    expect(alert).toMatchObject({ state: "FIRING", severity: "CRITICAL", title: "Two primaries in pg-svc: fenced db-a claims the role" });

    const { done } = await startRejoin({ db: t.db, engine: pair.engine, live: liveStatesOf(pair.monitoring) }, systemActor, groupId, serverIds["db-a"]!, {});
    expect((await done).state).toBe("SUCCEEDED");
    expect(await pair.roles()).toEqual({ "db-a": "STANDBY/IN_SERVICE", "db-b": "PRIMARY/IN_SERVICE" });
    await watch.check();
    await alerts.settled();
    expect(await t.db.alert.findUniqueOrThrow({ where: { id: alert.id } })).toMatchObject({ state: "RESOLVED" });
  }, 60_000);
});
