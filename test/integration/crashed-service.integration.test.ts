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

const installed = await ensureHaproxy();

let pair: FailoverPair;
let auto: AutoFailover;

describe.runIf(installed)("crashed-service failover against a simulated pair and a real HAProxy", () => {
  beforeAll(async () => {
    pair = await startFailoverPair({
      net: `127.36.${process.pid % 250}`,
      seed: 14,
      intervalMs: 1000,
      group: { name: "pg-svc", failoverPolicy: "AUTOMATIC", cooldownSeconds: 600, detectionThreshold: 2, criticalServices: [{ name: "postgresql", port: 5432 }] },
    });
    auto = createAutoFailover({ db: pair.t.db, secretBox: pair.rt.secretBox, log, engine: pair.engine, monitoring: pair.monitoring, brake: { max: 3, windowMs: 10 * 60_000 } });
    auto.start();
  }, 60_000);

  afterAll(async () => {
    await pair?.stop(async () => auto?.stop());
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
});
