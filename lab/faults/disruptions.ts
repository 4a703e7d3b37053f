// The two disruptions: kill -9 of Tandem while an operation runs (then a
// restart, the simulated fleet put back, and every accepted operation looked
// up), and a fast restart of Tandem's PostgreSQL while Tandem keeps serving.
import type { Api } from "./api-client";
import { startDrill, startRollout, startSwitchover, type ActionContext } from "./actions";
import type { PgCluster } from "./pg-control";
import type { TandemProcess } from "./tandem-process";
import type { OperationView, SimHostView } from "./model";
import { lostOperations } from "./invariants";
import { simKept } from "./sim-kept";
import type { Watch } from "./watch";
import type { World } from "./world";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until the operation runs a step (what "mid-operation" means), at most ms. */
async function untilRunning(api: Api, id: string, ms: number): Promise<OperationView | null> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const op = (await api.request<OperationView>("GET", `/api/v1/operations/${id}`, undefined, { ok: [200, 404] })).body;
    if (op && op.state === "RUNNING" && op.steps.some((s) => s.state === "RUNNING")) return op;
    if (op && op.state !== "RUNNING" && op.state !== "PLANNED") return null;
    await sleep(100);
  }
  return null;
}

export async function killMidOperation(ctx: ActionContext, tandem: TandemProcess, watch: Watch): Promise<void> {
  const { api, world, rng } = ctx;
  let victim: OperationView | null = null;
  for (let attempt = 0; attempt < 4 && !victim; attempt++) {
    const pick = rng.pick(["switchover", "drill", "rollout"] as const);
    const id = pick === "switchover" ? await startSwitchover(ctx) : pick === "drill" ? await startDrill(ctx, "live") : await startRollout(ctx);
    if (id) victim = await untilRunning(api, id, 8000);
  }
  // A little into the step, by the seed: sometimes before the hook answers, sometimes after.
  await sleep(rng.int(0, 1500));
  watch.pause();
  const before = (await api.get<{ hosts: SimHostView[] }>("/api/v1/simulator")).hosts;
  const t0 = Date.now();
  world.log(`kill -9 Tandem (pid ${tandem.pid})${victim ? ` while ${victim.kind} ${victim.id.slice(0, 8)} runs step ${victim.steps.find((s) => s.state === "RUNNING")?.action}` : " (no operation could be started to interrupt)"}`);
  await tandem.kill9();
  await tandem.start();
  world.restarts.push({ from: t0, to: Date.now() });
  world.counters.restarts++;
  world.counters.tandemRestarts++;
  const kept = await simKept(api, before);
  world.log(`Tandem back in ${((Date.now() - t0) / 1000).toFixed(1)} s; its ${kept.hosts} simulated hosts kept their state${kept.differences.length ? `, but for (a hook may have run after the snapshot): ${kept.differences.join("; ")}` : ""}`);
  const present = new Set<string>();
  for (const a of world.accepted) {
    const r = await api.request<OperationView>("GET", `/api/v1/operations/${a.id}`, undefined, { ok: [200, 404] });
    if (r.status === 200) present.add(a.id);
  }
  for (const v of lostOperations(world.accepted, present)) world.violation(v);
  if (victim) {
    const after = await api.get<OperationView>(`/api/v1/operations/${victim.id}`);
    world.log(`interrupted ${victim.kind} ${victim.id.slice(0, 8)} is ${after.state} after the restart${after.outcome ? `: ${after.outcome.slice(0, 200)}` : ""}`);
  }
  watch.resume();
}

/** The outage as the exerciser saw it: 503s inside it are Tandem saying so, which is fine. */
export type DbOutage = { from: number; to: number | null };

export async function restartPostgres(api: Api, world: World, pg: PgCluster, outages: DbOutage[], recoverWithinMs = 60_000): Promise<void> {
  const outage: DbOutage = { from: Date.now(), to: null };
  outages.push(outage);
  world.log("restarting Tandem's PostgreSQL (pg_ctl restart -m fast)");
  const statuses = new Map<number, number>();
  let asking = true;
  // Keep asking while the database is away: every answer must be a 2xx or a 503.
  const prober = (async () => {
    while (asking) {
      const r = await api.request("GET", "/api/v1/groups", undefined, { ok: [200, 503], timeoutMs: 10_000 }).catch((e: { call?: { status: number } }) => ({ status: e.call?.status ?? 0 }));
      statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      await sleep(200);
    }
  })();
  await pg.restart();
  const deadline = Date.now() + recoverWithinMs;
  let healthy = false;
  while (Date.now() < deadline && !healthy) {
    const r = await fetch(`${api.base}/api/health`, { signal: AbortSignal.timeout(5000) }).catch(() => null);
    const groups = await api.request("GET", "/api/v1/groups", undefined, { ok: [200, 503] }).catch(() => null);
    healthy = r?.status === 200 && groups?.status === 200;
    if (!healthy) await sleep(250);
  }
  outage.to = Date.now();
  asking = false;
  await prober;
  world.counters.restarts++;
  world.counters.pgRestarts++;
  const seen = [...statuses].map(([s, n]) => `${s}×${n}`).join(", ");
  if (!healthy) world.violation({ kind: "server-error", key: `pg-restart-${world.step}`, message: `Tandem did not recover within ${recoverWithinMs / 1000} s of its database restarting (answers: ${seen})` });
  else world.log(`database back; Tandem answered again ${((outage.to - outage.from) / 1000).toFixed(1)} s after the restart began (answers meanwhile: ${seen})`);
}
