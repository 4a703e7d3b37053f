// One exerciser run: Tandem on its own PostgreSQL with the demo fleet, then
// `count` steps of a fault injected (and earlier ones cleared as their seeded
// life ends), operator actions alongside, the disruptions at their seeded
// steps, and the continuous checks; then the settle phase and the end checks.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { rngFrom } from "../../agents/sim/prng";
import { authenticate, createApi, type Api } from "./api-client";
import { runAction, endWindows, type ActionContext } from "./actions";
import { killMidOperation, restartPostgres, type DbOutage } from "./disruptions";
import { freePort } from "../../server/db/embedded-postgres";
import { chooseAction, chooseFault, scheduleDisruptions } from "./generators";
import { serverErrorAllowed } from "./invariants";
import type { GroupView, SimHostView } from "./model";
import type { Options } from "./options";
import { startPg, type PgCluster } from "./pg-control";
import { settle } from "./settle";
import { tandemProcess, type TandemProcess } from "./tandem-process";
import { startWatch, type Watch } from "./watch";
import { World } from "./world";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ADMIN = { email: "faults@example.com", password: "faults-exerciser-password" };

export type Resources = { pg?: PgCluster; tandem?: TandemProcess; watch?: Watch; dir?: string };

/** Stops whatever was started, in reverse; safe to call twice (Ctrl-C during a run, then the finally). */
export async function cleanup(r: Resources, keep: boolean): Promise<void> {
  await r.watch?.stop().catch(() => undefined);
  r.watch = undefined;
  await r.tandem?.stop().catch(() => undefined);
  r.tandem = undefined;
  r.pg?.stop();
  r.pg = undefined;
  if (r.dir && !keep) rmSync(r.dir, { recursive: true, force: true });
}

async function fleetPolled(api: Api, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const groups = (await api.get<{ groups: GroupView[] }>("/api/v1/groups")).groups;
    if (groups.length && groups.every((g) => g.members.every((m) => m.state === "UP"))) return;
    await sleep(500);
  }
  throw new Error(`the demo fleet was not all UP within ${ms / 1000} s`);
}

export async function run(o: Options, res: Resources, print: (line: string) => void): Promise<World> {
  const world = new World(o.seed, print);
  const rng = rngFrom("tandem-faults", o.seed);
  res.dir = mkdtempSync(path.join(tmpdir(), "tandem-faults-"));
  res.pg = startPg(await freePort());
  const port = await freePort();
  res.tandem = tandemProcess({ databaseUrl: res.pg.url, port, dataDir: path.join(res.dir, "data"), adminEmail: ADMIN.email, adminPassword: ADMIN.password, logFile: path.join(res.dir, "tandem.log") });
  print(`faults: seed ${o.seed}, ${o.count} steps of ${o.stepMs} ms; Tandem on ${res.tandem.url}, its PostgreSQL on ${res.pg.url}, log ${path.join(res.dir, "tandem.log")}`);
  await res.tandem.start();
  const api = createApi(res.tandem.url);
  await authenticate(api, ADMIN.email, ADMIN.password);
  const outages: DbOutage[] = [];
  api.onServerError = (c) => {
    if (serverErrorAllowed(c, outages)) return;
    world.violation({ kind: "server-error", key: `${c.method} ${c.path} ${c.at}`, message: `${c.method} ${c.path} answered ${c.status}: ${JSON.stringify(c.body).slice(0, 300)}` });
  };
  await fleetPolled(api, 60_000);
  world.observe((await api.get<{ hosts: SimHostView[] }>("/api/v1/simulator")).hosts);
  res.watch = startWatch(api, world);

  const ctx: ActionContext = { api, world, rng, windows: [] };
  const disruptions = scheduleDisruptions(rng, o.count);
  const life = new Map<number, number>(); // fault record id -> step it is cleared at

  const clearFault = async (id: number) => {
    const f = world.faults.find((x) => x.id === id);
    life.delete(id);
    if (!f || f.to !== null) return;
    if (f.fault === "power-off") await api.request("POST", "/api/v1/simulator/power", { host: f.host, power: "on" });
    else await api.request("POST", "/api/v1/simulator/clear", { host: f.host, fault: f.fault });
    world.close(f);
    world.log(`clear ${f.fault} on ${f.host}`);
  };
  const clearRandom = async () => {
    const on = world.active();
    if (on.length) await clearFault(rng.pick(on).id);
  };

  for (let step = 1; step <= o.count; step++) {
    world.step = step;
    for (const [id, at] of [...life]) if (at <= step) await clearFault(id);
    await endWindows(ctx);
    const d = disruptions.get(step);
    if (d === "kill-tandem") await killMidOperation(ctx, res.tandem, res.watch);
    if (d === "restart-postgres") await restartPostgres(api, world, res.pg, outages);

    const c = chooseFault(rng, world.lastSim, (host, fault) => world.isOn(host, fault));
    if (c) {
      if (c.fault === "power-off") await api.request("POST", "/api/v1/simulator/power", { host: c.host, power: "off" });
      else await api.request("POST", "/api/v1/simulator/faults", { host: c.host, fault: c.fault, ...(Object.keys(c.params).length ? { params: c.params } : {}) });
      const r = world.openFault(c.host, c.fault, c.params);
      life.set(r.id, step + c.lifeSteps);
      world.log(`inject ${c.fault}${Object.keys(c.params).length ? ` ${JSON.stringify(c.params)}` : ""} on ${c.host} for ${c.lifeSteps} steps`);
    }
    const a = chooseAction(rng);
    if (a) await runAction(ctx, a, clearRandom);
    await sleep(o.stepMs);
  }
  world.step = o.count + 1;
  await res.watch.tick().catch(() => undefined);
  await settle(ctx, o.settleMs);
  return world;
}
