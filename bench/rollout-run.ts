// The rollout benchmark's "run" scenario (see bench/rollout.ts): a real rollout
// over 1,000 simulated servers, with every group's redundancy sampled each poll
// interval while it runs.
import { createServer } from "node:http";
import { startSimProcess } from "../agents/sim/sim-process";
import { benchDatabase } from "./bench-db";
import type { Row } from "./report";
import { loadConfig } from "../server/config";
import { createDb, type Db } from "../server/db/client";
import { createSecretBox, deriveKey } from "../server/crypto/secret-box";
import { credentialSecretFrom, sealCredential } from "../server/inventory/credentials/credential-secret";
import { createLogger } from "../server/lib/logger";
import { createHub } from "../server/realtime/hub";
import { createMonitoring } from "../server/monitoring/monitoring-service";
import { createOperationsEngine } from "../server/operations/engine";
import { failoverActions } from "../server/failover/failover-actions";
import { startSwitch } from "../server/failover/start-switch";
import { liveStatesOf } from "../server/groups/group-dto";
import { evaluateRedundancy, type MemberView } from "../server/groups/redundancy";
import { rolloutDriver } from "../server/rollouts/rollout-driver";
import { createRolloutActivity } from "../server/rollouts/rollout-activity";
import { startRollout } from "../server/rollouts/start-rollout";
import { ZStartRolloutRequest } from "../server/rollouts/rollouts.types";
import type { THostState } from "../server/health/health.types";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const HOOKS = { check: "tandem-sim check", promote: "tandem-sim role primary", demote: "tandem-sim role standby", fence: "tandem-sim fence" };
const POOL = 8;
const POOL_MIN = 6;

export async function benchRun(o: { servers?: number; intervalMs?: number } = {}): Promise<Row[]> {
  const N = Math.min(o.servers ?? 1000, 1000);
  const intervalMs = o.intervalMs ?? 2000;
  const log = createLogger({ level: "error" });
  const bdb = await benchDatabase();
  const db: Db = createDb(bdb.url, { max: 10 });
  const box = createSecretBox(deriveKey("benchmark-secret-benchmark-secret"));
  const http = createServer();
  const stops: (() => Promise<unknown>)[] = [];
  try {
    const sim = await startSimProcess({ hosts: N, preinstalled: true, seed: 7, port: 2624, readyTimeoutMs: 120_000 });
    stops.unshift(() => sim.stop());
    const hosts = sim.manifest.hosts;
    const site = await db.site.create({ data: { name: "bench" } });
    const cred = await db.credential.create({ data: { name: "bench", username: hosts[0]!.username, kind: "PASSWORD", secretCiphertext: sealCredential(box, credentialSecretFrom("PASSWORD", hosts[0]!.password, undefined)) } });
    await db.server.createMany({
      data: hosts.map((h) => ({ name: h.name, address: h.address, port: h.port, siteId: site.id, credentialId: cred.id, hostKeyFingerprint: h.fingerprint, pollIntervalMs: intervalMs, services: h.services })),
    });
    const ids = new Map((await db.server.findMany({ select: { id: true, name: true } })).map((s) => [s.name, s.id]));
    // pg pairs as the generated fleet pairs them; web servers in pools of 8 that must keep 6.
    const pairs = new Map<string, { primary?: string; standby?: string }>();
    const web: string[] = [];
    for (const h of hosts) {
      if (h.group && (h.role === "primary" || h.role === "standby")) pairs.set(h.group, { ...pairs.get(h.group), [h.role]: h.name });
      else web.push(h.name);
    }
    let groups = 0;
    for (const [name, p] of pairs) {
      if (!p.primary || !p.standby) continue;
      await db.redundancyGroup.create({
        data: {
          name,
          mode: "ACTIVE_PASSIVE",
          minHealthy: 1,
          hooks: HOOKS,
          requireFencing: false,
          members: { create: [{ serverId: ids.get(p.primary)!, role: "PRIMARY", priority: 200 }, { serverId: ids.get(p.standby)!, role: "STANDBY", priority: 100 }] },
        },
      });
      groups++;
    }
    for (let i = 0; i + POOL <= web.length; i += POOL) {
      await db.redundancyGroup.create({
        data: { name: `web-pool-${i / POOL + 1}`, mode: "ACTIVE_ACTIVE", minHealthy: POOL_MIN, members: { create: web.slice(i, i + POOL).map((n) => ({ serverId: ids.get(n)!, role: "ACTIVE" as const })) } },
      });
      groups++;
    }

    const config = loadConfig({ NODE_ENV: "production" });
    const hub = createHub(http, { db, config, log });
    await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
    stops.unshift(() => hub.close());
    const monitoring = createMonitoring({ db, secretBox: box, hub, log, maxConcurrentConnects: 64 });
    await monitoring.start();
    stops.unshift(() => monitoring.stop());
    const activity = createRolloutActivity();
    const engine = createOperationsEngine({
      db,
      actions: failoverActions({ db, secretBox: box, log }),
      log,
      drivers: {
        ROLLOUT: rolloutDriver({
          secretBox: box,
          monitoring,
          live: () => liveStatesOf(monitoring),
          sample: (id) => monitoring.hostDetail(id)?.sample,
          windowEnd: async () => null,
          activity,
          async switchover(groupId, toServerId, reason) {
            const { done } = await startSwitch({ db, engine, live: liveStatesOf(monitoring) }, { userId: null, label: "rollout" }, "SWITCHOVER", groupId, { reason, candidateServerId: toServerId });
            return done;
          },
        }),
      },
    });
    await engine.start();
    stops.unshift(() => engine.stop());

    const t0 = Date.now();
    const up = () => [...monitoring.engine.hosts.values()].filter((h) => h.state === "UP" || h.state === "DEGRADED").length;
    while (up() < N && Date.now() - t0 < 300_000) await sleep(500);
    await sleep(intervalMs * 3); // every host sampled with its updates
    console.log(`rollout run: ${N} simulated servers (${pairs.size} pg pairs, ${Math.floor(web.length / POOL)} web pools of ${POOL} keeping ${POOL_MIN}), polled every ${intervalMs} ms; all answering after ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    // What polling alone costs, to take out of the rollout's CPU.
    const base0 = process.cpuUsage();
    const bw = Date.now();
    await sleep(10_000);
    const baseCpuPerS = cpuMs(process.cpuUsage(base0)) / ((Date.now() - bw) / 1000);

    // The proof: every group's redundancy each poll interval, from live health and admin states.
    const groupRows = await db.redundancyGroup.findMany({ select: { id: true, name: true, mode: true, minHealthy: true, maxReplicationLagSeconds: true } });
    let samples = 0;
    let below = 0;
    let minMargin = Infinity;
    const belowSeen: string[] = [];
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        const live = liveStatesOf(monitoring)!;
        const members = await db.groupMember.findMany({ select: { groupId: true, serverId: true, role: true, adminState: true, server: { select: { name: true, siteId: true } } } });
        for (const g of groupRows) {
          const views: MemberView[] = members
            .filter((m) => m.groupId === g.id)
            .map((m) => {
              const l = live.get(m.serverId);
              return { serverId: m.serverId, name: m.server.name, role: m.role, adminState: m.adminState, hostState: (l?.health ?? "UNKNOWN") as THostState, siteId: m.server.siteId, lagSec: l?.lag ?? null, criticalServicesDown: [] };
            });
          const r = evaluateRedundancy(g.mode, g.minHealthy, views, { maxLagSec: g.maxReplicationLagSeconds });
          minMargin = Math.min(minMargin, r.inService - g.minHealthy);
          if (r.state === "BROKEN") {
            below++;
            if (belowSeen.length < 5) belowSeen.push(`${g.name}: ${r.inService} serving, minimum ${g.minHealthy} (${r.unavailable.map((u) => `${u.name} ${u.why}`).join("; ")})`);
          }
        }
        samples++;
        await sleep(intervalMs);
      }
    })();

    const req = ZStartRolloutRequest.parse({ targets: { siteIds: [site.id] }, batches: [1, "10%", "25%"], gatePolls: 2, hostTimeoutSeconds: 600, reason: "bench", failureBudget: { perBatch: "5%", overall: "2%" } });
    const cpu0 = process.cpuUsage();
    const w0 = Date.now();
    const { operation, done } = await startRollout({ db, live: liveStatesOf(monitoring), sample: (id) => monitoring.hostDetail(id)?.sample, engine }, { userId: null, label: "bench" }, req, { isAdmin: true });
    const end = await done;
    const wallS = (Date.now() - w0) / 1000;
    const cpu = cpuMs(process.cpuUsage(cpu0));
    watching = false;
    await watcher;

    const rh = await db.rolloutHost.findMany({ where: { operationId: operation.id }, select: { state: true, rebooted: true, switchover: true, batch: true } });
    const n = (s: string) => rh.filter((h) => h.state === s).length;
    const steps = await db.operationStep.count({ where: { operationId: operation.id } });
    const overheadPerHost = Math.max(0, cpu - baseCpuPerS * wallS) / rh.length;
    console.log(`  ${end.state}: ${end.outcome}`);
    console.log(`  ${rh.length} hosts in ${new Set(rh.map((h) => h.batch)).size} batches, ${rh.filter((h) => h.rebooted).length} rebooted, ${rh.filter((h) => h.switchover).length} primaries switched over first; ${steps} steps recorded; ${samples} redundancy samples of ${groups} groups`);
    if (belowSeen.length) console.log(`  below minimum: ${belowSeen.join(" | ")}`);
    return [
      { figure: "run: hosts patched", value: n("SUCCEEDED"), unit: `of ${rh.length}`, target: null, better: "higher" },
      { figure: "run: wall time for the rollout", value: wallS, unit: "s", target: null, better: "lower" },
      { figure: "run: Tandem CPU per host over polling (engine overhead)", value: overheadPerHost, unit: "ms", target: null, better: "lower" },
      { figure: `run: group samples below minHealthy (of ${samples * groups})`, value: below, unit: "", target: null, better: "lower" },
      { figure: "run: smallest margin over minHealthy seen", value: minMargin, unit: "members", target: null, better: "higher" },
    ];
  } finally {
    for (const s of stops) await s().catch(() => undefined);
    await db.$disconnect().catch(() => undefined);
    await bdb.drop().catch(() => undefined);
  }
}

const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;
