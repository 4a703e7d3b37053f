// The alert manager: turns signals into alerts (lifecycle.ts decides, this
// writes), one writer at a time so a key's changes land in order. It keeps each
// key's state in memory (reloaded from the open alerts at start), folds a
// down host's other alerts into its incident, asks the suppression hook
// (maintenance windows) before telling anyone, and tells browsers (socket room
// "alerts") and channels (the notifier) what changed.
import type { Db, Prisma } from "../db/client";
import type { Actor } from "../auth/principal";
import type { Logger } from "../lib/logger";
import { isAppError } from "../errors/app-error";
import { intervalLoop, type Loop } from "../lib/interval-loop";
import type { TNotifyEvent } from "../notifications/channels.types";
import { ALERT_EVENTS, type TAlert, type TAlertChange, type TAlertCounts, type TAlertSource, type TAlertsSnapshot } from "./alerts.types";
import { alertInclude, countOpenAlerts, toAlertDto } from "./alert-dto";
import { acknowledgeAlert } from "./acknowledge-alert";
import { closeAlert, resolveAlert } from "./resolve-alert";
import { ensureDefaultRules } from "./default-rules";
import { loadRules } from "./load-rules";
import type { RuleView, Signal } from "./evaluate";
import { applyWritten, decide, DEFAULT_FLAP_POLICY, emptyKeyState, reloadedKeyState, resolvedByHand, tick, type Decision, type FlapPolicy, type KeyState, type OpenAlert } from "./lifecycle";

/** Sources whose alerts a down host takes into its incident (they cannot be judged while it does not answer). */
export const INCIDENT_CHILD_SOURCES: readonly TAlertSource[] = ["cpu", "memory", "disk", "load", "raid", "replication-lag", "service"];
const HOST_KEY_PREFIX = "host:";

/** The maintenance hook: the window silencing alerts for this subject now, if any. */
/** What holds an alert back now: a maintenance window (its id and title), or a rollout patching the server (`reason` says so). */
export type Suppressor = (subject: { serverId: string | null; groupId: string | null }, at: Date) => { windowId: string | null; title: string; reason?: string } | null;

export type AlertManagerDeps = {
  db: Db;
  log: Logger;
  /** Room broadcasts; absent in tests that only look at the database. */
  emit?: (room: string, event: string, payload: unknown) => void;
  notify?: (alert: TAlert, event: TNotifyEvent) => Promise<void>;
  clock?: () => Date;
  flap?: FlapPolicy;
  tickMs?: number;
};

export type AlertManager = {
  start(): Promise<void>;
  stop(): Promise<void>;
  signal(s: Signal): void;
  /** Resolves when every signal so far has been written (tests). */
  settled(): Promise<void>;
  ack(id: string, actor: Actor, comment: string): Promise<TAlert>;
  resolve(id: string, actor: Actor, comment: string): Promise<TAlert>;
  rules(): RuleView[];
  reloadRules(): Promise<void>;
  setSuppressor(s: Suppressor | null): void;
  snapshot(): Promise<TAlertsSnapshot>;
  /** Time passing (the loop calls it; tests call it with their clock). */
  tick(): Promise<void>;
  /** Told of every change, folded alerts included (drill stop conditions); returns the unsubscribe. */
  subscribe(listener: (e: { change: TAlertChange; alert: TAlert }) => void): () => void;
};

const toJson = (v: Record<string, unknown>) => JSON.parse(JSON.stringify(v)) as Prisma.InputJsonValue;

export function createAlertManager(deps: AlertManagerDeps): AlertManager {
  const clock = deps.clock ?? (() => new Date());
  const flap = deps.flap ?? DEFAULT_FLAP_POLICY;
  const log = deps.log.child({ component: "alerts" });
  const keys = new Map<string, KeyState>();
  let rules: RuleView[] = [];
  let suppressor: Suppressor | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  let lastSeenBump = 0;
  /** Signals waiting in the queue, per key. */
  const queued = new Map<string, number>();
  const listeners = new Set<(e: { change: TAlertChange; alert: TAlert }) => void>();

  /** One writer: every change goes through here, in order; a failure is logged and the next one runs. */
  function serial<T>(work: () => Promise<T>): Promise<T> {
    const run = queue.then(work);
    // The caller gets the error too; an operator's mistake (409, 404) is not worth a log line.
    queue = run.catch((e: unknown) => {
      if (!isAppError(e)) log.error("alert write failed", { err: e as Error });
    });
    return run;
  }

  async function counts(): Promise<TAlertCounts> {
    return countOpenAlerts(deps.db);
  }

  async function tell(alert: TAlert, change: TAlertChange, notifyAs: TNotifyEvent | null): Promise<void> {
    for (const l of listeners) {
      try {
        l({ change, alert });
      } catch (e) {
        log.error("alert listener failed", { err: e as Error });
      }
    }
    if (alert.parentId === null && deps.emit) deps.emit("alerts", ALERT_EVENTS.change, { change, alert, counts: await counts() });
    if (notifyAs && deps.notify) {
      await deps.notify(alert, notifyAs).catch((e: unknown) => log.error("could not queue notifications", { alertId: alert.id, err: e as Error }));
    }
  }

  const openOf = (a: TAlert): OpenAlert => ({ id: a.id, severity: a.severity, title: a.title, acknowledged: a.state === "ACKNOWLEDGED", flapping: a.flapping });

  async function fire(s: Signal, flapping: boolean, now: Date): Promise<TAlert> {
    const hold = suppressor?.({ serverId: s.serverId, groupId: s.groupId }, now) ?? null;
    const parent = s.serverId && INCIDENT_CHILD_SOURCES.includes(s.source) ? keys.get(HOST_KEY_PREFIX + s.serverId)?.open : undefined;
    const row = await deps.db.alert.create({
      data: {
        dedupKey: s.key,
        source: s.source,
        ruleId: s.ruleId,
        serverId: s.serverId,
        groupId: s.groupId,
        operationId: s.operationId,
        parentId: parent?.id ?? null,
        severity: s.severity,
        title: s.title,
        details: toJson(s.details),
        flapping,
        firstSeenAt: now,
        lastSeenAt: now,
        suppressed: hold !== null,
        suppressedReason: hold ? (hold.reason ?? `in maintenance window "${hold.title}"`) : null,
        suppressedWindowId: hold?.windowId ?? null,
        events: {
          create: [
            { at: now, kind: "fired", message: s.title },
            ...(hold ? [{ at: now, kind: "suppressed", message: `Suppressed: in maintenance window "${hold.title}"` }] : []),
            ...(parent ? [{ at: now, kind: "grouped", message: `Part of the incident "${parent.title}"` }] : []),
          ],
        },
      },
      include: alertInclude,
    });
    const alert = toAlertDto(row);
    if (parent) {
      await deps.db.alertEvent.create({ data: { alertId: parent.id, at: now, kind: "grouped", message: `Took in: ${s.title}` } });
      const p = await deps.db.alert.findUnique({ where: { id: parent.id }, include: alertInclude });
      if (p) await tell(toAlertDto(p), "grouped", null);
    } else {
      await tell(alert, "fired", hold ? null : "fired");
    }
    if (s.key.startsWith(HOST_KEY_PREFIX) && s.serverId) await takeIntoIncident(alert, s.serverId, now);
    return alert;
  }

  /** A host went down: its open service and threshold alerts become part of its incident. */
  async function takeIntoIncident(parent: TAlert, serverId: string, now: Date): Promise<void> {
    const open = await deps.db.alert.findMany({
      where: { serverId, state: { not: "RESOLVED" }, parentId: null, source: { in: [...INCIDENT_CHILD_SOURCES] } },
      select: { id: true, title: true },
    });
    if (!open.length) return;
    await deps.db.alert.updateMany({ where: { id: { in: open.map((o) => o.id) } }, data: { parentId: parent.id } });
    await deps.db.alertEvent.createMany({
      data: [
        ...open.map((o) => ({ alertId: o.id, at: now, kind: "grouped", message: `Part of the incident "${parent.title}"` })),
        { alertId: parent.id, at: now, kind: "grouped", message: `Took in: ${open.map((o) => o.title).join("; ")}` },
      ],
    });
    // Browsers drop the children from their lists (they now have a parent).
    for (const o of open) {
      const c = await deps.db.alert.findUnique({ where: { id: o.id }, include: alertInclude });
      if (c && deps.emit) deps.emit("alerts", ALERT_EVENTS.change, { change: "grouped", alert: { ...toAlertDto(c), parentId: null, state: "RESOLVED" }, counts: await counts() });
    }
    const p = await deps.db.alert.findUnique({ where: { id: parent.id }, include: alertInclude });
    if (p) await tell(toAlertDto(p), "grouped", null);
  }

  async function update(id: string, data: Prisma.AlertUpdateInput, event: { kind: string; message: string; actor?: string }, now: Date): Promise<TAlert> {
    const row = await deps.db.alert.update({ where: { id }, data: { ...data, events: { create: { at: now, ...event } } }, include: alertInclude });
    return toAlertDto(row);
  }

  /** Closes an alert and, in the same transaction, the alerts folded into it (their conditions are judged afresh once the host answers). */
  async function close(open: OpenAlert, why: string, now: Date): Promise<TAlert> {
    const { alert, children } = await deps.db.$transaction((tx) => closeAlert(tx, open.id, { resolution: why, message: `Resolved: ${why}`, by: null }, now));
    await tell(alert, "resolved", alert.parentId === null ? "resolved" : null);
    for (const child of children) {
      keys.set(child.dedupKey, emptyKeyState());
      // A child that was announced on its own before the incident took it in gets its recovery notice too.
      if (deps.notify && (await deps.db.alertDelivery.count({ where: { alertId: child.id, event: "fired" } })) > 0) await tell({ ...child, parentId: null }, "resolved", "resolved");
    }
    return alert;
  }

  async function apply(s: Signal, d: Decision, state: KeyState, now: Date): Promise<OpenAlert | null> {
    const open = state.open;
    switch (d.do) {
      case "fire":
        return openOf(await fire(s, d.flapping, now));
      case "escalate": {
        const a = await update(open!.id, { severity: s.severity, title: s.title, source: s.source, rule: s.ruleId ? { connect: { id: s.ruleId } } : { disconnect: true }, state: "FIRING", acknowledgedAt: null, acknowledgedBy: null, ackComment: null, lastSeenAt: now, count: { increment: s.event ? 1 : 0 }, details: toJson(s.details) }, { kind: "escalated", message: `Escalated to ${s.severity}: ${s.title}` }, now);
        await tell(a, "escalated", a.suppressed ? null : "escalated");
        return openOf(a);
      }
      case "update": {
        const a = await update(open!.id, { severity: s.severity, title: s.title, source: s.source, rule: s.ruleId ? { connect: { id: s.ruleId } } : { disconnect: true }, lastSeenAt: now, details: toJson(s.details) }, { kind: "updated", message: `Now ${s.severity}: ${s.title}` }, now);
        await tell(a, "repeated", null);
        return openOf(a);
      }
      case "repeat": {
        const a = await update(open!.id, { count: { increment: 1 }, lastSeenAt: now }, { kind: "repeated", message: s.event ? `Again: ${s.title}` : "The condition came back" }, now);
        await tell(a, "repeated", a.suppressed ? null : "repeated");
        return openOf(a);
      }
      case "flapping": {
        const a = await update(open!.id, { flapping: true, lastSeenAt: now }, { kind: "flapping", message: `Flapping: changed ${flap.changes} times within ${Math.round(flap.windowMs / 60_000)} min; resolves once stable for ${Math.round(flap.quietMs / 60_000)} min` }, now);
        await tell(a, "flapping", null);
        return openOf(a);
      }
      case "resolve":
        await close(open!, d.why, now);
        return null;
      case "nothing":
        return open;
    }
  }

  async function process(s: Signal): Promise<void> {
    const now = clock();
    const before = keys.get(s.key) ?? emptyKeyState();
    const { state, decision } = decide(before, s, now.getTime(), flap);
    if (decision.do === "nothing") {
      keys.set(s.key, state);
      return;
    }
    try {
      const open = await apply(s, decision, state, now);
      keys.set(s.key, applyWritten(state, decision, open));
    } catch (e) {
      // The key keeps its previous state, so the next signal tries again.
      keys.set(s.key, { ...before });
      throw e;
    }
  }

  /** Most samples change nothing: answer those without queueing a write. */
  function unchanged(s: Signal): boolean {
    if (s.event) return false;
    const k = keys.get(s.key);
    if (!k) return !s.active;
    if (s.active !== k.active) return false;
    if (!s.active || k.latched) return true;
    return k.open !== null && k.open.severity === s.severity && k.open.title === s.title;
  }

  async function onManual(id: string, alert: TAlert, change: "acknowledged" | "resolved", children: TAlert[] = []): Promise<void> {
    const key = alert.dedupKey;
    const k = keys.get(key);
    if (k?.open?.id === id) keys.set(key, change === "resolved" ? resolvedByHand(k) : { ...k, open: { ...k.open, acknowledged: true } });
    for (const c of children) keys.set(c.dedupKey, emptyKeyState());
    await tell(alert, change, change === "resolved" || !alert.suppressed ? change : null);
  }

  const loops: Loop[] = [];

  const manager: AlertManager = {
    async start() {
      const added = await ensureDefaultRules(deps.db);
      if (added) log.info("added the default alert rules", { count: added });
      await manager.reloadRules();
      const open = await deps.db.alert.findMany({ where: { state: { not: "RESOLVED" } }, include: alertInclude });
      for (const a of open) keys.set(a.dedupKey, reloadedKeyState(openOf(toAlertDto(a))));
      loops.push(intervalLoop("alert tick", deps.tickMs ?? 5000, () => manager.tick(), log), intervalLoop("alert rules", 30_000, () => manager.reloadRules(), log));
      for (const l of loops) l.start();
      log.info("alerts started", { open: open.length, rules: rules.length });
    },
    async stop() {
      for (const l of loops) await l.stop();
      loops.length = 0;
      await queue;
    },
    signal(s) {
      // The shortcut reads the key's state as last written: with a write for this key still
      // queued (a fire not yet stored), a clear that follows it must queue too, not vanish.
      if (!queued.has(s.key) && unchanged(s)) return;
      queued.set(s.key, (queued.get(s.key) ?? 0) + 1);
      const done = () => {
        const n = (queued.get(s.key) ?? 1) - 1;
        if (n > 0) queued.set(s.key, n);
        else queued.delete(s.key);
      };
      // serial() has logged a failure already.
      serial(() => process(s)).then(done, done);
    },
    settled: () => queue.then(() => undefined),
    ack: (id, actor, comment) =>
      serial(async () => {
        const a = await acknowledgeAlert(deps.db, actor, id, comment, clock());
        await onManual(id, a, "acknowledged");
        return a;
      }),
    resolve: (id, actor, comment) =>
      serial(async () => {
        const { alert, children } = await resolveAlert(deps.db, actor, id, comment, clock());
        await onManual(id, alert, "resolved", children);
        return alert;
      }),
    rules: () => rules,
    async reloadRules() {
      rules = await loadRules(deps.db);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    setSuppressor(s) {
      suppressor = s;
    },
    snapshot: () => alertsSnapshot(deps.db),
    tick: () =>
      serial(async () => {
        const now = clock();
        for (const [key, state] of keys) {
          const d = tick(state, now.getTime(), flap);
          if (d.do === "resolve" && state.open) {
            await close(state.open, d.why, now);
            keys.set(key, applyWritten(state, d, null));
          }
        }
        // A condition that persists: its alert's "last seen" moves on, once a minute, in one statement.
        if (now.getTime() - lastSeenBump >= 60_000) {
          lastSeenBump = now.getTime();
          const ids = [...keys.values()].filter((k) => k.active && k.open).map((k) => k.open!.id);
          if (ids.length) await deps.db.alert.updateMany({ where: { id: { in: ids }, state: { not: "RESOLVED" } }, data: { lastSeenAt: now } });
        }
      }),
  };
  return manager;
}

/** The open alerts as the alerts room shows them on joining (any node: it reads the database). */
export async function alertsSnapshot(db: Db): Promise<TAlertsSnapshot> {
  const rows = await db.alert.findMany({
    where: { state: { not: "RESOLVED" }, parentId: null, suppressed: false },
    orderBy: { lastSeenAt: "desc" },
    take: 200,
    include: alertInclude,
  });
  return { alerts: rows.map(toAlertDto), counts: await countOpenAlerts(db) };
}
