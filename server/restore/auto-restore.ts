// Automatic restore (leader only): every few seconds, each group with
// `afterMinutes` set is judged from live states (auto-restore-verdict.ts); one
// short for long enough gets a RESTORE started by "auto", recorded like any
// operation. How long a group has been short is this process's own
// observation: a new leader starts counting afresh, which errs on waiting.
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Db } from "../db/client";
import { autoActor } from "../failover/auto-failover";
import { getGroup } from "../groups/get-group";
import { liveStatesOf, type LiveSource } from "../groups/group-dto";
import { ZGroupRestore, type TGroup } from "../groups/groups.types";
import { intervalLoop } from "../lib/interval-loop";
import type { Logger } from "../lib/logger";
import type { OperationsEngine } from "../operations/engine";
import { liveStates } from "../operations/operation.types";
import { autoRestoreVerdict, type AutoRestoreVerdict } from "./auto-restore-verdict";
import { startRestore } from "./start-restore";

export type AutoRestoreDeps = { db: Db; log: Logger; engine: OperationsEngine; monitoring: LiveSource; clock?: () => Date; everyMs?: number };
export type AutoRestoreDecision = { groupId: string; name: string; verdict: AutoRestoreVerdict; operationId?: string; error?: string };
export type AutoRestore = { start(): void; stop(): Promise<void>; /** One pass over the groups (tests). */ check(): Promise<AutoRestoreDecision[]> };

/** A member out for planned work, not lost: its window or its admin state. */
function plannedWork(g: TGroup): string | null {
  const out = new Set(g.redundancy.unavailable.map((u) => u.name));
  const m = g.members.find((x) => out.has(x.name) && (x.maintenance || x.adminState === "DRAINED" || x.adminState === "MAINTENANCE"));
  if (!m) return null;
  return m.maintenance ? `${m.name} in maintenance window "${m.maintenance.title}"` : `${m.name} is ${m.adminState.toLowerCase()}`;
}

export function createAutoRestore(deps: AutoRestoreDeps): AutoRestore {
  const clock = deps.clock ?? (() => new Date());
  const shortSince = new Map<string, Date>();
  // A restore that could not start counts as one started: tried again after afterMinutes, not every tick.
  const refusedAt = new Map<string, Date>();

  async function check(): Promise<AutoRestoreDecision[]> {
    const rows = await deps.db.redundancyGroup.findMany({ select: { id: true, restore: true } });
    const watched = rows.filter((r) => (ZGroupRestore.safeParse(r.restore).data?.afterMinutes ?? null) !== null).map((r) => r.id);
    for (const id of shortSince.keys()) if (!watched.includes(id)) shortSince.delete(id);
    const live = liveStatesOf(deps.monitoring);
    const out: AutoRestoreDecision[] = [];
    for (const id of watched) {
      const now = clock();
      const g = await getGroup(deps.db, id, live).catch(() => null);
      if (!g) continue;
      if (g.redundancy.state === "OK") shortSince.delete(id);
      else if (!shortSince.has(id)) shortSince.set(id, now);
      const [running, last] = await Promise.all([
        deps.db.operation.findFirst({ where: { groupId: id, state: { in: [...liveStates] } }, select: { id: true } }),
        deps.db.operation.findFirst({ where: { groupId: id, kind: "RESTORE" }, orderBy: { createdAt: "desc" }, select: { createdAt: true } }),
      ]);
      const verdict = autoRestoreVerdict(
        {
          afterMinutes: g.restore.afterMinutes,
          hasProvision: g.restore.provision !== undefined,
          state: g.redundancy.state,
          shortSince: shortSince.get(id) ?? null,
          plannedWork: plannedWork(g),
          liveOperation: running !== null,
          lastRestoreAt: [last?.createdAt, refusedAt.get(id)].reduce<Date | null>((a, b) => (b && (!a || b > a) ? b : a), null),
        },
        now,
      );
      if (!verdict.start) continue;
      out.push(await begin(g, verdict));
    }
    return out;
  }

  async function begin(g: TGroup, verdict: AutoRestoreVerdict): Promise<AutoRestoreDecision> {
    try {
      const { operation } = await startRestore({ db: deps.db, engine: deps.engine, live: liveStatesOf(deps.monitoring) }, autoActor, g.id, { reason: `automatic: ${verdict.why}` });
      deps.log.warn(`automatic restore of ${g.name} started: ${verdict.why}`, { groupId: g.id, operationId: operation.id });
      return { groupId: g.id, name: g.name, verdict, operationId: operation.id };
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      refusedAt.set(g.id, clock());
      deps.log.error(`automatic restore of ${g.name} could not start: ${error}`, { groupId: g.id });
      await deps.db
        .$transaction((tx) => recordAuditEvent(tx, autoActor, { action: "restore.refused", targetType: "group", targetId: g.id, details: { group: g.name, why: verdict.why, error } }))
        .catch((e2: unknown) => deps.log.error("could not record the refused restore", { groupId: g.id, err: e2 as Error }));
      return { groupId: g.id, name: g.name, verdict, error };
    }
  }

  const loop = intervalLoop("auto-restore", deps.everyMs ?? 15_000, async () => void (await check()), deps.log);
  return { start: () => loop.start(), stop: () => loop.stop(), check };
}
