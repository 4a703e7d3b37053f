// A whole-demo patch rollout: startDemo's 27 simulated servers, watched by the
// monitoring service at the demo's interval, patched with the default apt/dnf
// scripts and rebooted where a kernel came with the patch, in batches of a few.
// The simulator's patches and reboots take seconds, so the whole fleet is done
// in about three minutes.
import { createServer } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SimFleet } from "../../agents/sim/sim-types";
import { systemActor } from "../../server/auth/principal";
import { startDemo } from "../../server/demo/start-demo";
import { failoverActions } from "../../server/failover/failover-actions";
import { startSwitch } from "../../server/failover/start-switch";
import { liveStatesOf } from "../../server/groups/group-dto";
import { createMonitoring, type Monitoring } from "../../server/monitoring/monitoring-service";
import { createOperationsEngine, type OperationsEngine } from "../../server/operations/engine";
import { createHub } from "../../server/realtime/hub";
import { createRolloutActivity } from "../../server/rollouts/rollout-activity";
import { rolloutDriver } from "../../server/rollouts/rollout-driver";
import { getRollout } from "../../server/rollouts/rollout-dto";
import { startRollout } from "../../server/rollouts/start-rollout";
import { ZStartRolloutRequest } from "../../server/rollouts/rollouts.types";
import { createTestDatabase, installTestRuntime, type TestDatabase, type TestRuntime } from "./database";
import { eventually, log } from "./failover-pair";

let t: TestDatabase;
let rt: TestRuntime;
let sim: SimFleet;
let monitoring: Monitoring;
let engine: OperationsEngine;
const cleanup: (() => Promise<unknown>)[] = [];

describe("a rollout over the whole demo fleet", () => {
  beforeAll(async () => {
    t = await createTestDatabase();
    cleanup.push(() => t.drop());
    rt = await installTestRuntime(t.db);
    sim = await startDemo(t.db, rt.secretBox, log, 2622);
    cleanup.push(() => sim.stop());
    const http = createServer();
    const hub = createHub(http, rt);
    await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
    cleanup.push(() => hub.close());
    monitoring = createMonitoring({ db: t.db, secretBox: rt.secretBox, hub, log, tickMs: 250 });
    await monitoring.start();
    cleanup.push(() => monitoring.stop());
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
          activity: createRolloutActivity(),
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

  it("patches every server, reboots those given a new kernel, and finishes within about three minutes", async () => {
    const before = new Map(sim.hosts.map((h) => [h.name, h.packages]));
    const servers = await t.db.server.findMany({ select: { id: true } });
    const started = Date.now();
    const { operation, done } = await startRollout(
      { db: t.db, live: liveStatesOf(monitoring), engine },
      systemActor,
      ZStartRolloutRequest.parse({ targets: { serverIds: servers.map((s) => s.id) }, batches: [4], hostTimeoutSeconds: 120, reason: "demo patching" }),
      { isAdmin: true },
    );
    const end = await done;
    const seconds = (Date.now() - started) / 1000;
    const r = await getRollout(t.db, operation.id);
    const failed = r.hostList
      .filter((h) => h.state !== "SUCCEEDED" && h.state !== "SKIPPED")
      .map((h) => `${h.name}: ${h.state} ${h.error ?? ""} | ${h.steps.map((s) => `${s.phase} ${s.state}: ${s.output ?? ""}`).join(" | ")} | sim ${JSON.stringify(sim.host(h.name).packages)} | live ${JSON.stringify(monitoring.hostDetail(h.serverId)?.host)} uptime ${monitoring.hostDetail(h.serverId)?.sample?.uptimeSec}`);
    log.info("demo rollout", { seconds, outcome: end.outcome, failed });
    expect(failed).toEqual([]);
    expect(r.hostList.filter((h) => h.state !== "SUCCEEDED").map((h) => `${h.name}: ${h.error}`)).toEqual([]);
    expect(end.state, end.outcome ?? "").toBe("SUCCEEDED");
    expect(seconds).toBeLessThan(200);

    for (const h of sim.hosts) {
      const was = before.get(h.name)!;
      expect(h.packages, h.name).toMatchObject({ pending: 0, rebootRequired: false });
      // A pending kernel or one already waiting: the host was rebooted onto it.
      if (was.kernelPending || was.rebootRequired) expect(h.packages.kernel, h.name).not.toBe(was.kernel);
      else expect(h.packages.kernel, h.name).toBe(was.kernel);
    }
    const rebooted = r.hostList.filter((h) => h.steps.some((s) => s.phase === "reboot" && s.state === "SUCCEEDED"));
    expect(rebooted.length).toBe(sim.hosts.filter((h) => before.get(h.name)!.kernelPending || before.get(h.name)!.rebootRequired).length);
  }, 300_000);
});
