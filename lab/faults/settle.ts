// The end of a run: every fault cleared, every host on, windows ended, live
// operations aborted, fenced members rejoined; then the fleet gets time to
// settle and the end-state invariants are judged (alerts fired and resolved,
// every accepted operation ended or waiting for a person).
import type { ActionContext } from "./actions";
import { abortOperation, endWindows, rejoinFenced } from "./actions";
import { alertFired, alertsDue, isDamped, lostOperations, unfinishedOperation, unresolvedAlerts } from "./invariants";
import type { AlertView, GroupView, OperationView, SimHostView } from "./model";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function live(ctx: ActionContext): Promise<OperationView[]> {
  const out: OperationView[] = [];
  for (const state of ["RUNNING", "PAUSED", "PLANNED"]) out.push(...(await ctx.api.get<{ operations: OperationView[] }>(`/api/v1/operations?state=${state}&limit=200`)).operations);
  return out;
}

async function until(ms: number, done: () => Promise<boolean>): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await done()) return true;
    await sleep(1000);
  }
  return done();
}

export async function clearEverything(ctx: ActionContext): Promise<void> {
  const { api, world } = ctx;
  const hosts = (await api.get<{ hosts: SimHostView[] }>("/api/v1/simulator")).hosts;
  for (const h of hosts) {
    if (h.faults.length) await api.request("POST", "/api/v1/simulator/clear", { host: h.name });
    if (h.power === "off") await api.request("POST", "/api/v1/simulator/power", { host: h.name, power: "on" });
  }
  for (const f of world.active()) world.close(f);
  await endWindows(ctx, true);
}

export async function settle(ctx: ActionContext, settleMs: number): Promise<void> {
  const { api, world } = ctx;
  world.log("settling: clearing every fault, ending windows, aborting what still runs, rejoining fenced members");
  await clearEverything(ctx);
  const deadline = Date.now() + settleMs;
  // Let running operations finish on a healthy fleet first; abort what is left (PAUSED waits for a person).
  await until(Math.min(20_000, settleMs / 3), async () => (await live(ctx)).every((o) => o.state === "PAUSED"));
  for (const op of await live(ctx)) await abortOperation(api, op, `fault exerciser (seed ${world.seed}): end of run`);
  await until(20_000, async () => (await live(ctx)).length === 0);
  // A host just powered on needs a few polls before Tandem lets it rejoin: ask again until none is left fenced.
  await until(30_000, async () => {
    if ((await live(ctx)).length) return false;
    return (await rejoinFenced(ctx, true)) === 0;
  });
  // Faults a boot brought back (service-fails-after-boot) are cleared again.
  await clearEverything(ctx);
  const open = async () => (await api.get<{ alerts: AlertView[] }>("/api/v1/alerts?state=open&includeSuppressed=true&limit=200")).alerts;
  const health = new Map<string, string>();
  const answering = (id: string) => ["UP", "DEGRADED"].includes(health.get(id) ?? "");
  const judge = async () => {
    const alerts = await open();
    for (const a of alerts.filter((x) => x.flapping && x.server)) health.set(a.server!.id, (await api.get<{ health: string }>(`/api/v1/servers/${a.server!.id}`)).health);
    return { alerts, left: unresolvedAlerts(alerts, answering) };
  };
  await until(Math.max(5000, deadline - Date.now()), async () => (await judge()).left.length === 0);
  const { alerts: stillOpen, left } = await judge();
  const damped = stillOpen.filter((a) => isDamped(a, answering));
  if (damped.length) world.log(`${damped.length} flapping alert(s) left open by design until 5 min stable, their hosts answering again: ${damped.map((a) => `${a.source} on ${a.server?.name}`).join(", ")}`);
  if (left.length) {
    // What the hosts and Tandem say about them, to tell a Tandem bug from a host still broken.
    const sim = (await api.get<{ hosts: SimHostView[] }>("/api/v1/simulator")).hosts;
    const groups = (await api.get<{ groups: GroupView[] }>("/api/v1/groups")).groups;
    for (const v of left) {
      const name = /on (\S+)\)/.exec(v.message)?.[1];
      const h = sim.find((x) => x.name === name);
      const m = groups.flatMap((g) => g.members).find((x) => x.name === name);
      world.violation({ ...v, message: `${v.message}; host: power ${h?.power ?? "?"}, faults [${h?.faults.map((f) => f.fault).join(", ") ?? ""}]; Tandem: ${m ? `${m.role} ${m.adminState} ${m.state}` : "not a group member"}` });
    }
  }

  const present = new Set<string>();
  for (const a of world.accepted) {
    const r = await api.request<OperationView>("GET", `/api/v1/operations/${a.id}`, undefined, { ok: [200, 404] });
    if (r.status !== 200) continue;
    present.add(a.id);
    const v = unfinishedOperation(r.body);
    if (v) world.violation(v);
  }
  for (const v of lostOperations(world.accepted, present)) world.violation(v);

  // Every due alert must have fired: ask per host and source, suppressed ones included.
  const now = Date.now();
  for (const due of alertsDue(world.faults, world.sightings, world.restarts, now)) {
    const serverId = world.lastSim.find((h) => h.name === due.fault.host)?.serverId;
    if (!serverId) continue;
    const alerts = (await api.get<{ alerts: AlertView[] }>(`/api/v1/alerts?serverId=${serverId}&source=${due.source}&includeSuppressed=true&limit=200`)).alerts;
    if (!alertFired(due, alerts, now)) {
      const f = due.fault;
      world.step = f.step;
      world.violation({
        kind: "alert-missing",
        key: `${f.id}`,
        message: `${f.fault} on ${f.host} for ${Math.round(((f.to ?? now) - f.from) / 1000)} s (injected at step ${f.step}) raised no ${due.source} alert`,
      });
    }
  }
}
