// Operator actions, taken through the API while faults come and go. Tandem may
// refuse any of them (409 another operation runs, 422 no standby qualifies):
// that is an answer, not a failure; only a 5xx is (the API client records those).
import type { Rng } from "../../agents/sim/prng";
import { ApiError, type Api } from "./api-client";
import type { ActionKind } from "./generators";
import type { GroupView, OperationView } from "./model";
import type { World } from "./world";

export type OpenWindow = { id: string; endStep: number };

export type ActionContext = { api: Api; world: World; rng: Rng; windows: OpenWindow[] };

const reason = (w: World, what: string) => `fault exerciser (seed ${w.seed}, step ${w.step}): ${what}`;

async function groups(api: Api): Promise<GroupView[]> {
  return (await api.get<{ groups: GroupView[] }>("/api/v1/groups")).groups;
}

async function liveOperations(api: Api): Promise<OperationView[]> {
  const out: OperationView[] = [];
  for (const state of ["RUNNING", "PAUSED", "PLANNED"]) out.push(...(await api.get<{ operations: OperationView[] }>(`/api/v1/operations?state=${state}&limit=200`)).operations);
  return out;
}

/** Starts an operation; returns its id when Tandem accepted it (202). */
async function start(ctx: ActionContext, kind: string, path: string, body: unknown): Promise<string | null> {
  const r = await ctx.api.request<{ id: string }>("POST", path, body, { ok: [202, 409, 422, 400, 404] });
  if (r.status !== 202) {
    ctx.world.counters.refusedActions++;
    const detail = (r.body as { detail?: string } | null)?.detail ?? "";
    ctx.world.log(`${kind} refused (${r.status}): ${detail.slice(0, 160)}`);
    return null;
  }
  ctx.world.accepted.push({ id: r.body.id, step: ctx.world.step, kind });
  ctx.world.log(`${kind} accepted: ${r.body.id.slice(0, 8)}`);
  return r.body.id;
}

export async function startSwitchover(ctx: ActionContext): Promise<string | null> {
  const g = ctx.rng.pick((await groups(ctx.api)).filter((x) => x.mode === "ACTIVE_PASSIVE"));
  return start(ctx, `SWITCHOVER of ${g.name}`, `/api/v1/groups/${g.id}/switchover`, { reason: reason(ctx.world, "switchover") });
}

export async function startDrill(ctx: ActionContext, mode: "live" | "dry-run"): Promise<string | null> {
  const g = ctx.rng.pick((await groups(ctx.api)).filter((x) => x.mode === "ACTIVE_PASSIVE"));
  return start(ctx, `DRILL (${mode}) of ${g.name}`, `/api/v1/groups/${g.id}/drills`, { mode, reason: reason(ctx.world, `${mode} drill`), holdSeconds: 3 });
}

/** A site drill: evacuate a site, hold, come back (so the fleet ends where it was, as far as the faults allow). */
export async function startSiteDrill(ctx: ActionContext): Promise<string | null> {
  const sites = (await ctx.api.get<{ sites: { id: string; name: string }[] }>("/api/v1/sites")).sites;
  const site = ctx.rng.pick(sites);
  return start(ctx, `SITE_DRILL of ${site.name}`, `/api/v1/sites/${site.id}/drills`, { reason: reason(ctx.world, "site drill"), holdSeconds: 3, acceptSkipped: true });
}

export async function startRollout(ctx: ActionContext): Promise<string | null> {
  const g = ctx.rng.pick(await groups(ctx.api));
  return start(ctx, `ROLLOUT of ${g.name}`, "/api/v1/rollouts", {
    targets: { groupIds: [g.id] },
    batches: [1],
    rebootPolicy: ctx.rng.pick(["if-required", "always", "never"]),
    // Short bounds: a host the exerciser breaks mid-rollout times out in a minute, not half an hour.
    hostTimeoutSeconds: 60,
    gatePolls: 1,
    reason: reason(ctx.world, "patch rollout"),
  });
}

/** A five-minute window starting this minute on one random server, ended by the exerciser a few steps later. */
async function openWindow(ctx: ActionContext): Promise<void> {
  const sim = ctx.world.lastSim.filter((h) => h.serverId);
  if (!sim.length) return;
  const h = ctx.rng.pick(sim);
  const blockFailover = ctx.rng.chance(0.5);
  const endStep = ctx.world.step + ctx.rng.int(2, 8);
  const start = new Date().toISOString().slice(0, 16);
  const r = await ctx.api.request<{ id: string }>(
    "POST",
    "/api/v1/maintenance-windows",
    {
      title: `faults step ${ctx.world.step}`,
      scope: { serverIds: [h.serverId] },
      start,
      timezone: "UTC",
      durationMinutes: 5,
      suppressAlerts: true,
      blockFailover,
      overrideReason: "fault exerciser: breaking groups on purpose",
    },
    { ok: [201, 400, 409, 422] },
  );
  if (r.status !== 201) {
    ctx.world.counters.refusedActions++;
    ctx.world.log(`maintenance window on ${h.name} refused (${r.status})`);
    return;
  }
  ctx.windows.push({ id: r.body.id, endStep });
  ctx.world.log(`maintenance window on ${h.name} (blockFailover ${blockFailover}) until step ${endStep}`);
}

export async function endWindows(ctx: ActionContext, all = false): Promise<void> {
  for (const w of [...ctx.windows]) {
    if (!all && w.endStep > ctx.world.step) continue;
    await ctx.api.request("POST", `/api/v1/maintenance-windows/${w.id}/end`, { reason: "fault exerciser" }, { ok: [200, 409, 422] });
    ctx.windows.splice(ctx.windows.indexOf(w), 1);
  }
}

async function abortOne(ctx: ActionContext): Promise<void> {
  const live = await liveOperations(ctx.api);
  if (!live.length) return;
  const op = ctx.rng.pick(live);
  await abortOperation(ctx.api, op, reason(ctx.world, "abort"));
  ctx.world.log(`abort ${op.kind} ${op.id.slice(0, 8)} (${op.state})`);
}

export async function abortOperation(api: Api, op: OperationView, why: string): Promise<void> {
  const path = op.kind === "ROLLOUT" ? `/api/v1/rollouts/${op.id}/abort` : `/api/v1/operations/${op.id}/abort`;
  await api.request("POST", path, { reason: why }, { ok: [200, 202, 409, 422] });
}

async function resumeOne(ctx: ActionContext): Promise<void> {
  const paused = (await liveOperations(ctx.api)).filter((o) => o.state === "PAUSED");
  if (!paused.length) return;
  const op = ctx.rng.pick(paused);
  const path = op.kind === "ROLLOUT" ? `/api/v1/rollouts/${op.id}/resume` : `/api/v1/operations/${op.id}/resume`;
  const body = op.kind === "ROLLOUT" ? { reason: "fault exerciser" } : { skip: ctx.rng.chance(0.5) };
  await ctx.api.request("POST", path, body, { ok: [200, 202, 409, 422] });
  ctx.world.log(`resume ${op.kind} ${op.id.slice(0, 8)}`);
}

/** An operator brings a fenced old primary back: power it on if a fence device turned it off, then rejoin it as a standby. */
export async function rejoinFenced(ctx: ActionContext, all = false): Promise<number> {
  const fenced = (await groups(ctx.api)).flatMap((g) => g.members.filter((m) => m.adminState === "FENCED").map((m) => ({ g, m })));
  if (!fenced.length) return 0;
  for (const { g, m } of all ? fenced : [ctx.rng.pick(fenced)]) {
    const h = ctx.world.lastSim.find((x) => x.name === m.name);
    if (h?.power === "off") await ctx.api.request("POST", "/api/v1/simulator/power", { host: m.name, power: "on" });
    const r = await ctx.api.request("POST", `/api/v1/groups/${g.id}/members/${m.serverId}/rejoin`, { reason: reason(ctx.world, "rejoin") }, { ok: [200, 202, 409, 422] });
    if (r.status === 202) ctx.world.accepted.push({ id: (r.body as { id: string }).id, step: ctx.world.step, kind: `REJOIN of ${m.name}` });
    ctx.world.log(`rejoin ${m.name} in ${g.name}: ${r.status}${r.status === 202 ? "" : ` ${(r.body as { detail?: string } | null)?.detail ?? ""}`}`);
  }
  return fenced.length;
}

export async function runAction(ctx: ActionContext, kind: ActionKind, clearRandom: () => Promise<void>): Promise<void> {
  ctx.world.counters.actions++;
  try {
    if (kind === "switchover") await startSwitchover(ctx);
    else if (kind === "drill-live") await startDrill(ctx, "live");
    else if (kind === "drill-dry-run") await startDrill(ctx, "dry-run");
    else if (kind === "rollout") await startRollout(ctx);
    else if (kind === "site-drill") await startSiteDrill(ctx);
    else if (kind === "maintenance") await openWindow(ctx);
    else if (kind === "abort") await abortOne(ctx);
    else if (kind === "resume") await resumeOne(ctx);
    else if (kind === "rejoin") await rejoinFenced(ctx);
    else await clearRandom();
  } catch (e) {
    // A refusal shape we did not expect is worth a line, not a crash; 5xx were recorded by the client.
    if (e instanceof ApiError) ctx.world.log(`${kind}: ${e.message.slice(0, 200)}`);
    else throw e;
  }
}
