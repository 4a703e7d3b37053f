// Patch rollouts against real OpenSSH servers and a real HAProxy: three web
// servers (three sshd) in an ACTIVE_ACTIVE pool of minimum 2 behind HAProxy,
// watched by the real monitoring service (the real agent over SSH), patched by
// an admin's custom command. The rollout drains each from HAProxy, patches,
// health-gates and re-enables it, never more than one out at a time; a failing
// patch spends the budget and stops it with the host re-enabled; an abort
// re-enables what was in flight; a Tandem restart mid-rollout resumes it.
import { mkdtempSync, readFileSync, rmSync, existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, installTestRuntime, type TestDatabase, type TestRuntime } from "./database";
import { ensureHaproxy, startHaproxy, startHttpBackend, type TestHaproxy, type TestHttpBackend } from "./haproxy";
import { startSshd, sshdAvailable, type TestSshd } from "./sshd";
import { eventually, log } from "./failover-pair";
import { credentialSecretFrom, sealCredential } from "../../server/inventory/credentials/credential-secret";
import { createMonitoring, type Monitoring } from "../../server/monitoring/monitoring-service";
import { createOperationsEngine, type OperationsEngine } from "../../server/operations/engine";
import { createHub, type Hub } from "../../server/realtime/hub";
import { liveStatesOf } from "../../server/groups/group-dto";
import { balancerControl, loadBalancerRef } from "../../server/loadbalancer/balancer-ref";
import { rolloutDriver } from "../../server/rollouts/rollout-driver";
import { createRolloutActivity } from "../../server/rollouts/rollout-activity";
import { getRollout } from "../../server/rollouts/rollout-dto";
import { planRolloutRequest, startRollout } from "../../server/rollouts/start-rollout";
import { ZRolloutSettings, ZStartRolloutRequest, type TRolloutSettingsInput } from "../../server/rollouts/rollouts.types";
import { systemActor } from "../../server/auth/principal";
import { DEFAULT_HEALTH_POLICY } from "../../server/health/health.types";
import { createAlertManager, type AlertManager } from "../../server/alerts/alert-manager";
import { createAlertSources, type AlertSources } from "../../server/alerts/alert-sources";
import { operationEvents, type TOperationStateEvent } from "../../server/operations/operation.types";

const haproxyInstalled = await ensureHaproxy();
const NAMES = ["web-1", "web-2", "web-3"] as const;

let t: TestDatabase;
let rt: TestRuntime;
let sshds: TestSshd[] = [];
let backends: TestHttpBackend[] = [];
let haproxy: TestHaproxy;
let http: Server;
let hub: Hub;
let monitoring: Monitoring;
let engine: OperationsEngine;
let workDir: string;
let groupId: string;
let alerts: AlertManager;
let sources: AlertSources | undefined;
const ids: Record<string, string> = {};

function newEngine(o: { windowEnd?: () => Promise<Date | null> } = {}): OperationsEngine {
  const activity = createRolloutActivity();
  return createOperationsEngine({
    db: t.db,
    actions: {},
    log,
    emit: (_room, event, payload) => {
      if (event === operationEvents.state) sources?.onOperationState(payload as TOperationStateEvent);
    },
    drivers: {
      ROLLOUT: rolloutDriver({
        secretBox: rt.secretBox,
        monitoring,
        live: () => liveStatesOf(monitoring),
        sample: (id) => monitoring.hostDetail(id)?.sample,
        windowEnd: o.windowEnd ?? (async () => null),
        activity,
        switchover: () => Promise.reject(new Error("no switchover in an ACTIVE_ACTIVE pool")),
        pollMs: 100,
      }),
    },
  });
}

async function lbStates(): Promise<Record<string, string>> {
  const g = await t.db.redundancyGroup.findUniqueOrThrow({ where: { id: groupId } });
  const { ref } = await loadBalancerRef(t.db, g.loadBalancerId!);
  const lb = balancerControl(ref!, { db: t.db, secretBox: rt.secretBox });
  return Object.fromEntries(await Promise.all(NAMES.map(async (n) => [n, await lb.state({ backendServer: n })] as const)));
}

/** Samples HAProxy while `work` runs: the most servers out of rotation at once, and every server seen out. */
async function watchRotation<T>(work: Promise<T>): Promise<{ result: T; maxOut: number; seenOut: Set<string> }> {
  let maxOut = 0;
  const seenOut = new Set<string>();
  let running = true;
  const watcher = (async () => {
    while (running) {
      const s = await lbStates();
      const out = Object.entries(s).filter(([, v]) => v !== "ready");
      for (const [n] of out) seenOut.add(n);
      maxOut = Math.max(maxOut, out.length);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  try {
    const result = await work;
    return { result, maxOut, seenOut };
  } finally {
    running = false;
    await watcher;
  }
}

/** A patch command that records which server it ran on, sleeping a little; `fail` names a server it fails on. */
const patchScript = (o: { sleep?: number; fail?: string } = {}) =>
  [
    `echo "patching $TANDEM_SERVER"`,
    o.fail ? `[ "$TANDEM_SERVER" != ${o.fail} ] || { echo "E: dpkg was interrupted" >&2; exit 100; }` : "",
    `sleep ${o.sleep ?? 0.3}`,
    `echo "$TANDEM_SERVER" >> ${workDir}/patched`,
    `echo "0 upgraded, 0 newly installed"`,
  ]
    .filter(Boolean)
    .join("\n");

const settings = (o: Partial<TRolloutSettingsInput> & { script?: string } = {}) => {
  const { script, ...rest } = o;
  return ZStartRolloutRequest.parse({
    targets: { groupIds: [groupId] },
    batches: [1],
    rebootPolicy: "never",
    command: { kind: "custom", script: script ?? patchScript() },
    gatePolls: 2,
    hostTimeoutSeconds: 60,
    reason: "monthly patching",
    ...rest,
  });
};

const patchedLines = () => (existsSync(`${workDir}/patched`) ? readFileSync(`${workDir}/patched`, "utf8").trim().split("\n").filter(Boolean) : []);
const resetPatched = () => rmSync(`${workDir}/patched`, { force: true });
const allUp = () => eventually(() => NAMES.every((n) => monitoring.hostDetail(ids[n]!)?.host.health === "UP"), "every web server UP", 30_000);

describe.runIf(sshdAvailable() && haproxyInstalled)("rollouts over real OpenSSH and HAProxy", () => {
  beforeAll(async () => {
    t = await createTestDatabase();
    rt = await installTestRuntime(t.db);
    workDir = mkdtempSync(path.join(tmpdir(), "tandem-rollout-"));
    sshds = await Promise.all(NAMES.map(() => startSshd()));
    backends = await Promise.all(NAMES.map((n) => startHttpBackend(n)));
    haproxy = await startHaproxy({ backends: [{ name: "web", servers: NAMES.map((n, i) => ({ name: n, port: backends[i]!.port })) }] });
    const lb = await t.db.loadBalancer.create({ data: { name: "it-haproxy", kind: "HAPROXY", address: haproxy.statsAddress, backend: "web" } });
    for (const [i, n] of NAMES.entries()) {
      const s = sshds[i]!;
      const cred = await t.db.credential.create({ data: { name: `${n}-key`, username: s.username, kind: "PRIVATE_KEY", secretCiphertext: sealCredential(rt.secretBox, credentialSecretFrom("PRIVATE_KEY", s.privateKey, undefined)) } });
      const server = await t.db.server.create({ data: { name: n, address: s.host, port: s.port, credentialId: cred.id, hostKeyFingerprint: s.hostKeyFingerprint, pollIntervalMs: 1000 } });
      ids[n] = server.id;
    }
    const group = await t.db.redundancyGroup.create({
      data: {
        name: "web",
        mode: "ACTIVE_ACTIVE",
        minHealthy: 2,
        loadBalancerId: lb.id,
        members: { create: NAMES.map((n) => ({ serverId: ids[n]!, role: "ACTIVE" as const, lbBackendServer: n })) },
      },
    });
    groupId = group.id;
    http = createServer();
    hub = createHub(http, rt);
    await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
    // These "servers" are this machine, loaded by whatever else runs: thresholds out of the way, health is about answering.
    const policy = { ...DEFAULT_HEALTH_POLICY, thresholds: { cpuPct: 101, memPct: 101, diskPct: 101, swapPct: 101, loadPerCpu: 1e6, lagSec: 1e6 } };
    monitoring = createMonitoring({ db: t.db, secretBox: rt.secretBox, hub, log, tickMs: 250, policy });
    await monitoring.start();
    alerts = createAlertManager({ db: t.db, log });
    await alerts.start();
    sources = createAlertSources({ db: t.db, manager: alerts, health: monitoring.engine, log });
    await sources.start();
    engine = newEngine();
    await engine.start();
    await allUp();
  }, 90_000);

  afterAll(async () => {
    await engine?.stop();
    await sources?.stop();
    await alerts?.stop();
    await monitoring?.stop();
    await hub?.close();
    await haproxy?.stop();
    await Promise.all([...sshds.map((s) => s.stop()), ...backends.map((b) => b.stop())]);
    rmSync(workDir, { recursive: true, force: true });
    await t?.drop();
  });

  it("plans one web server per batch: taking two out would leave the pool below its minimum of 2", async () => {
    const { reason: _reason, ticketRef: _ticket, ...rest } = settings({ batches: ["100%"] });
    const plan = await planRolloutRequest({ db: t.db, live: liveStatesOf(monitoring) }, ZRolloutSettings.parse(rest));
    expect(plan.unschedulable).toEqual([]);
    expect(plan.batches.map((b) => b.hosts.map((h) => h.name))).toEqual([["web-1"], ["web-2"], ["web-3"]]);
    expect(plan.batches[0]!.groups).toEqual([expect.objectContaining({ name: "web", servingBefore: 3, servingDuring: 2, minHealthy: 2, during: "AT_RISK" })]);
  });

  it("drains each server from HAProxy, patches it, gates it and puts it back, one at a time", async () => {
    resetPatched();
    const { operation, done } = await startRollout({ db: t.db, live: liveStatesOf(monitoring), engine }, systemActor, settings({ batches: ["100%"] }), { isAdmin: true });
    expect(operation.state).toBe("RUNNING");
    const { result, maxOut, seenOut } = await watchRotation(done);
    expect(result.state, result.outcome ?? "").toBe("SUCCEEDED");
    expect(result.outcome).toBe("3 of 3 host(s) patched, 0 failed, 0 skipped");
    expect(maxOut).toBe(1);
    expect(seenOut).toEqual(new Set(NAMES));
    expect(await lbStates()).toEqual({ "web-1": "ready", "web-2": "ready", "web-3": "ready" });
    expect(patchedLines().sort()).toEqual([...NAMES]);

    const r = await getRollout(t.db, operation.id);
    expect(r.hostList.map((h) => [h.name, h.state])).toEqual(NAMES.map((n) => [n, "SUCCEEDED"]));
    expect(r.hostList[0]!.steps.map((s) => [s.phase, s.state])).toEqual([
      ["drain", "SUCCEEDED"],
      ["patch", "SUCCEEDED"],
      ["reboot", "SKIPPED"],
      ["gate", "SUCCEEDED"],
      ["enable", "SUCCEEDED"],
    ]);
    expect(r.hostList[0]!.steps[0]!.output).toMatch(/haproxy .*web\/web-1 drained/i);
    expect(r.hostList[0]!.steps[1]!.output).toContain("patching web-1");
    expect(r.batchList.map((b) => b.state)).toEqual(["SUCCEEDED", "SUCCEEDED", "SUCCEEDED"]);
    const members = await t.db.groupMember.findMany({ where: { groupId } });
    expect(members.every((m) => m.adminState === "IN_SERVICE")).toBe(true);
    expect((await t.db.server.findUniqueOrThrow({ where: { id: ids["web-2"]! } })).lastPatchedAt).not.toBeNull();
    const audit = await t.db.auditEvent.findMany({ where: { targetId: operation.id }, select: { action: true } });
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["rollout.create", "operation.start", "rollout.step_succeeded", "operation.succeeded"]));
  }, 90_000);

  it("stops at the first failure with the default budget of 0: the failed server is put back, the rest is not started", async () => {
    resetPatched();
    const { done, operation } = await startRollout({ db: t.db, live: liveStatesOf(monitoring), engine }, systemActor, settings({ script: patchScript({ fail: "web-2" }) }), { isAdmin: true });
    const end = await done;
    expect(end.state).toBe("FAILED");
    expect(end.outcome).toMatch(/^failure budget spent: 1 of 1 host\(s\) failed in batch 2 \(budget 0\); the rollout stopped itself; 1 of 3 host\(s\) patched, 1 failed, 1 skipped$/);
    const r = await getRollout(t.db, operation.id);
    expect(r.hostList.map((h) => [h.name, h.state])).toEqual([
      ["web-1", "SUCCEEDED"],
      ["web-2", "FAILED"],
      ["web-3", "SKIPPED"],
    ]);
    const web2 = r.hostList[1]!;
    expect(web2.error).toMatch(/^patch failed: patch command on web-2 exited 100: patching web-2\nE: dpkg was interrupted/);
    expect(web2.steps.find((s) => s.phase === "patch")!.output).toContain("E: dpkg was interrupted");
    expect(web2.steps.find((s) => s.phase === "enable")!.state).toBe("SUCCEEDED");
    expect(r.hostList[2]!.error).toMatch(/not started: the failure budget was spent/);
    expect(await lbStates()).toEqual({ "web-1": "ready", "web-2": "ready", "web-3": "ready" });
    // It stopped itself: a critical alert says so, with the reason.
    const alert = await eventually(() => t.db.alert.findFirst({ where: { source: "operation-failed", operationId: operation.id } }), "the rollout-failed alert");
    expect(alert).toMatchObject({ severity: "CRITICAL", state: "FIRING", title: expect.stringMatching(/^Rollout failed: failure budget spent: 1 of 1 host\(s\) failed in batch 2/) });

    // With a budget of one failure the same rollout carries on past web-2 and ends SUCCEEDED, saying so.
    const again = await startRollout({ db: t.db, live: liveStatesOf(monitoring), engine }, systemActor, settings({ script: patchScript({ fail: "web-2" }), failureBudget: { perBatch: 1, overall: 1 } }), { isAdmin: true });
    const end2 = await again.done;
    expect(end2.state).toBe("SUCCEEDED");
    expect(end2.outcome).toBe("2 of 3 host(s) patched, 1 failed, 0 skipped (within the failure budget)");
  }, 90_000);

  it("an abort while a server is being patched lets the patch finish, puts the server back and starts no other", async () => {
    await allUp();
    resetPatched();
    const { operation, done } = await startRollout({ db: t.db, live: liveStatesOf(monitoring), engine }, systemActor, settings({ script: patchScript({ sleep: 3 }) }), { isAdmin: true });
    await eventually(async () => (await getRollout(t.db, operation.id)).hostList[0]!.phase === "patch", "web-1 in its patch step");
    expect((await lbStates())["web-1"]).not.toBe("ready");
    await engine.abort(operation.id, systemActor, "change freeze");
    const end = await done;
    expect(end.state).toBe("ABORTED");
    expect(end.outcome).toMatch(/aborted by system: change freeze; 0 of 3 host\(s\) patched, 0 failed, 3 skipped/);
    const r = await getRollout(t.db, operation.id);
    expect(r.hostList[0]!.steps.map((s) => [s.phase, s.state])).toEqual([
      ["drain", "SUCCEEDED"],
      ["patch", "SUCCEEDED"],
      ["reboot", "SKIPPED"],
      ["gate", "SKIPPED"],
      ["enable", "SUCCEEDED"],
    ]);
    expect(patchedLines()).toEqual(["web-1"]);
    expect(r.hostList[0]!.error).toBe("rollout aborted after the patch, before the health gate; re-enabled");
    expect(await lbStates()).toEqual({ "web-1": "ready", "web-2": "ready", "web-3": "ready" });
    expect((await t.db.groupMember.findMany({ where: { groupId } })).every((m) => m.adminState === "IN_SERVICE")).toBe(true);
  }, 90_000);

  it("a pause lets the host in flight finish; resume carries on to the end", async () => {
    await allUp();
    resetPatched();
    const { operation } = await startRollout({ db: t.db, live: liveStatesOf(monitoring), engine }, systemActor, settings({ script: patchScript({ sleep: 1.5 }) }), { isAdmin: true });
    await eventually(async () => (await getRollout(t.db, operation.id)).hostList[0]!.phase === "patch", "web-1 in its patch step");
    const paused = await engine.pause(operation.id, systemActor, "lunch");
    const afterPause = await paused.done;
    expect(afterPause.state).toBe("PAUSED");
    let r = await getRollout(t.db, operation.id);
    expect(r.hostList.map((h) => h.state)).toEqual(["SUCCEEDED", "PENDING", "PENDING"]);
    expect(await lbStates()).toEqual({ "web-1": "ready", "web-2": "ready", "web-3": "ready" });
    const resumed = await engine.resume(operation.id, systemActor);
    expect((await resumed.done).state).toBe("SUCCEEDED");
    r = await getRollout(t.db, operation.id);
    expect(r.hostList.map((h) => h.state)).toEqual(["SUCCEEDED", "SUCCEEDED", "SUCCEEDED"]);
  }, 90_000);

  it("a Tandem restart mid-rollout resumes it at the step it was in", async () => {
    await allUp();
    resetPatched();
    const { operation } = await startRollout({ db: t.db, live: liveStatesOf(monitoring), engine }, systemActor, settings({ script: patchScript({ sleep: 1.5 }) }), { isAdmin: true });
    await eventually(async () => (await getRollout(t.db, operation.id)).hostList[0]!.phase === "patch", "web-1 in its patch step");
    // The process stops: the step in flight finishes and is recorded; the rollout stays RUNNING with web-1 drained.
    await engine.stop();
    const between = await getRollout(t.db, operation.id);
    expect(between.state).toBe("RUNNING");
    expect(between.hostList[0]).toMatchObject({ state: "RUNNING" });
    expect(between.hostList[0]!.steps.find((s) => s.phase === "patch")!.state).toBe("SUCCEEDED");
    expect((await lbStates())["web-1"]).not.toBe("ready");

    engine = newEngine();
    const recovered = await engine.start();
    expect(recovered.map((x) => x.operationId)).toContain(operation.id);
    const end = await recovered.find((x) => x.operationId === operation.id)!.done;
    expect(end.state, end.outcome ?? "").toBe("SUCCEEDED");
    // Patched once each: web-1's patch was not run again after the restart.
    expect(patchedLines().sort()).toEqual([...NAMES]);
    expect(await lbStates()).toEqual({ "web-1": "ready", "web-2": "ready", "web-3": "ready" });
  }, 90_000);

  it("an abort asked for while Tandem is down is finished after the restart: the host left drained is put back", async () => {
    await allUp();
    resetPatched();
    const { operation } = await startRollout({ db: t.db, live: liveStatesOf(monitoring), engine }, systemActor, settings({ script: patchScript({ sleep: 1.5 }) }), { isAdmin: true });
    await eventually(async () => (await getRollout(t.db, operation.id)).hostList[0]!.phase === "patch", "web-1 in its patch step");
    await engine.stop();
    expect((await lbStates())["web-1"]).not.toBe("ready");

    engine = newEngine();
    const { done } = await engine.abort(operation.id, systemActor, "not tonight");
    const end = await done;
    expect(end.state).toBe("ABORTED");
    expect(end.outcome).toMatch(/aborted by system: not tonight; 0 of 3 host\(s\) patched, 0 failed, 3 skipped/);
    const r = await getRollout(t.db, operation.id);
    expect(r.hostList[0]!.steps.map((x) => [x.phase, x.state])).toEqual([
      ["drain", "SUCCEEDED"],
      ["patch", "SUCCEEDED"],
      ["reboot", "SKIPPED"],
      ["gate", "SKIPPED"],
      ["enable", "SUCCEEDED"],
    ]);
    expect(await lbStates()).toEqual({ "web-1": "ready", "web-2": "ready", "web-3": "ready" });
    await engine.start();
  }, 90_000);

  it("starts no batch after its maintenance window's cutoff", async () => {
    await allUp();
    resetPatched();
    const now = new Date();
    const local = now.toISOString().slice(0, 16);
    const w = await t.db.maintenanceWindow.create({
      data: { title: "patch night", scope: { serverIds: [ids["web-1"]!], groupIds: [], siteIds: [], tags: [] }, startsAt: new Date(`${local}:00Z`), localStart: local, durationMinutes: 60, timezone: "UTC", createdBy: "test" },
    });
    // The window as the driver sees it ends (cutoff 0) once the first batch has patched its server.
    const own = newEngine({ windowEnd: async () => new Date(Date.now() + (patchedLines().length ? -1000 : 3_600_000)) });
    await own.start();
    try {
      const { operation, done } = await startRollout({ db: t.db, live: liveStatesOf(monitoring), engine: own }, systemActor, settings({ windowId: w.id, windowCutoffMinutes: 0 }), { isAdmin: true });
      const end = await done;
      expect(end.state).toBe("ABORTED");
      expect(end.outcome).toMatch(/^the maintenance window's cutoff \(.*\) passed before batch 2: no new batch starts; 1 of 3 host\(s\) patched, 0 failed, 2 skipped$/);
      expect(patchedLines()).toEqual(["web-1"]);
      expect((await getRollout(t.db, operation.id)).hostList.map((h) => h.state)).toEqual(["SUCCEEDED", "SKIPPED", "SKIPPED"]);
      expect(await lbStates()).toEqual({ "web-1": "ready", "web-2": "ready", "web-3": "ready" });
    } finally {
      await own.stop();
    }
  }, 90_000);
});
