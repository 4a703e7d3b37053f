// The continuous checks: every couple of seconds, read the simulator, the
// groups and the live operations, and judge split brain, stuck operations and
// false failovers. Paused while Tandem is being killed and restarted.
import type { Api } from "./api-client";
import type { GroupView, OperationView, SimHostView } from "./model";
import { falseFailover, splitBrains, stuckOperation } from "./invariants";
import type { World } from "./world";

export type Watch = { stop(): Promise<void>; pause(): void; resume(): void; tick(): Promise<void> };

export function startWatch(api: Api, world: World, everyMs = 2000): Watch {
  let paused = false;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const judged = new Set<string>();

  async function tick(): Promise<void> {
    const sim = await api.get<{ hosts: SimHostView[] }>("/api/v1/simulator");
    // Groups after hosts: a switchover finishing between the two reads shows the new roles on both sides only in this order.
    const groups = (await api.get<{ groups: GroupView[] }>("/api/v1/groups")).groups;
    if (paused) return;
    world.observe(sim.hosts);
    for (const v of splitBrains(groups, sim.hosts)) world.violation(v);
    const now = Date.now();
    for (const state of ["RUNNING", "PLANNED"]) {
      const ops = (await api.get<{ operations: OperationView[] }>(`/api/v1/operations?state=${state}&limit=200`)).operations;
      for (const op of ops) {
        const v = stuckOperation(op, now);
        if (v) world.violation(v);
      }
    }
    const failovers = (await api.get<{ operations: OperationView[] }>("/api/v1/operations?kind=FAILOVER&limit=200")).operations;
    const names = new Map(sim.hosts.filter((h) => h.serverId).map((h) => [h.serverId!, h.name]));
    for (const op of failovers) {
      // Judge each failover once its fence step exists, with what was known when it started.
      if (judged.has(op.id) || !op.steps.some((s) => s.action === "fence")) continue;
      judged.add(op.id);
      const v = falseFailover(op, world.faults, world.sightings, (id) => names.get(id));
      if (v) world.violation(v);
      else if (op.initiator === "auto") world.log(`automatic failover ${op.id.slice(0, 8)}: ${op.reason.slice(0, 140)}`);
    }
  }

  const loop = async () => {
    while (!stopped) {
      if (!paused) {
        running = tick().catch((e: unknown) => {
          if (!paused) world.log(`watch: ${(e as Error).message}`);
        });
        await running;
      }
      await new Promise((r) => setTimeout(r, everyMs));
    }
  };
  const done = loop();
  return {
    async stop() {
      stopped = true;
      await done;
    },
    pause() {
      paused = true;
    },
    resume() {
      paused = false;
    },
    tick,
  };
}
