// Automatic failover (DESIGN section 6). Subscribes to the health engine's
// transitions; when a group's PRIMARY is confirmed DOWN (hysteresis is the
// health engine's) and the group's policy is AUTOMATIC, it checks, in order:
// not in a maintenance window, outside the group's cooldown, the fleet-wide
// brake, the primary still DOWN, the second opinion of the standbys; then
// chooses a candidate and starts a failover with initiator "auto". Every
// refusal is a critical event: an audit record `failover.refused` with the
// reasons, an error in the log, and (through onDecision) an alert.
// Manual switchovers and failovers are not subject to cooldown or brake.
import type { Actor } from "../auth/principal";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { SecretBox } from "../crypto/secret-box";
import type { Db } from "../db/client";
import { liveStatesOf } from "../groups/group-dto";
import type { HealthEngine, HostTransition } from "../health/health-engine";
import type { TFleetSnapshot } from "../fleet/fleet.types";
import type { Logger } from "../lib/logger";
import type { OperationsEngine } from "../operations/engine";
import type { TOperation } from "../operations/operation.types";
import { brakeVerdict, cooldownVerdict, type Brake } from "./anti-flapping";
import { askSecondOpinion, type SecondOpinion } from "./second-opinion";
import { startFailover } from "./start-failover";

/** Operations started by automatic failover carry this initiator. */
export const AUTO_INITIATOR = "auto";
export const autoActor: Actor = { userId: null, label: AUTO_INITIATOR };

export type RefusalKind = "maintenance" | "cooldown" | "brake" | "second-opinion" | "no-candidate" | "conflict" | "error";

export type AutoFailoverDeps = {
  db: Db;
  secretBox: SecretBox;
  log: Logger;
  engine: OperationsEngine;
  monitoring: { engine: HealthEngine; snapshot(): TFleetSnapshot };
  brake: Brake;
  clock?: () => Date;
  /** The maintenance window blocking failover of this member, if any (windows come with a later issue). */
  maintenanceWindow?: (groupId: string, serverId: string) => Promise<string | null> | string | null;
  /** Told of every decision taken (alerts: failover performed or refused). */
  onDecision?: (d: AutoDecision) => void;
  /** Replaceable in tests. */
  secondOpinion?: (primary: { address: string; port: number }, standbys: { serverId: string; name: string }[]) => Promise<SecondOpinion>;
};

export type AutoDecision =
  | { groupId: string; started: TOperation; done: Promise<TOperation> }
  | { groupId: string; refused: RefusalKind; reasons: string[] }
  | { groupId: string; ignored: string };

export type AutoFailover = {
  start(): void;
  /** Unsubscribes and waits for the decisions in progress (the engine finishes the operations). */
  stop(): Promise<void>;
  /** Decides for one transition (tests call it directly); resolves with one decision per group the server is PRIMARY of. */
  handle(t: HostTransition): Promise<AutoDecision[]>;
};

export function createAutoFailover(deps: AutoFailoverDeps): AutoFailover {
  const clock = deps.clock ?? (() => new Date());
  const log = deps.log;
  const ask = deps.secondOpinion ?? ((p, s) => askSecondOpinion({ db: deps.db, secretBox: deps.secretBox }, p, s));
  // Decisions run one at a time, so the cooldown and the brake see every failover started before.
  let queue: Promise<unknown> = Promise.resolve();
  let listening = false;

  async function refuse(groupId: string, groupName: string, serverId: string, kind: RefusalKind, reasons: string[], extra: Record<string, unknown> = {}): Promise<AutoDecision> {
    log.error(`automatic failover of ${groupName} refused (${kind}): ${reasons.join("; ")}`, { groupId, serverId, kind });
    try {
      await deps.db.$transaction((tx) =>
        recordAuditEvent(tx, autoActor, {
          action: "failover.refused",
          targetType: "group",
          targetId: groupId,
          details: JSON.parse(JSON.stringify({ severity: "critical", kind, group: groupName, serverId, reasons, ...extra })),
        }),
      );
    } catch (e) {
      log.error("could not record the refused failover", { groupId, err: e as Error });
    }
    return { groupId, refused: kind, reasons };
  }

  async function decide(t: HostTransition, groupId: string): Promise<AutoDecision> {
    const group = await deps.db.redundancyGroup.findUnique({
      where: { id: groupId },
      include: { members: { include: { server: { select: { id: true, name: true, address: true, port: true } } } } },
    });
    if (!group) return { groupId, ignored: "group removed" };
    const primary = group.members.find((m) => m.serverId === t.serverId && m.role === "PRIMARY");
    if (!primary) return { groupId, ignored: "no longer the primary" };
    if (group.failoverPolicy !== "AUTOMATIC") return { groupId, ignored: "policy is MANUAL" };
    if (group.mode !== "ACTIVE_PASSIVE") return { groupId, ignored: `${group.mode} group` };
    const name = primary.server.name;
    const no = (kind: RefusalKind, reasons: string[], extra?: Record<string, unknown>) => refuse(group.id, group.name, t.serverId, kind, reasons, extra);

    const window = await (deps.maintenanceWindow?.(group.id, t.serverId) ?? null);
    if (window) return no("maintenance", [`${name} is in maintenance window "${window}"`]);

    const now = clock();
    const lastAuto = await deps.db.operation.findFirst({
      where: { groupId: group.id, kind: "FAILOVER", initiator: AUTO_INITIATOR },
      orderBy: { createdAt: "desc" },
      select: { createdAt: true },
    });
    const cooldown = cooldownVerdict(lastAuto?.createdAt ?? null, group.cooldownSeconds, now);
    if (!cooldown.ok) return no("cooldown", [`${name} is DOWN but ${group.name} is ${cooldown.reason}`]);

    const recent = await deps.db.operation.findMany({
      where: { kind: "FAILOVER", initiator: AUTO_INITIATOR, createdAt: { gt: new Date(now.getTime() - deps.brake.windowMs) } },
      select: { createdAt: true },
    });
    const brake = brakeVerdict(
      recent.map((r) => r.createdAt),
      deps.brake,
      now,
    );
    if (!brake.ok) return no("brake", [`${name} is DOWN but the ${brake.reason}`]);

    const health = deps.monitoring.engine.hosts.get(t.serverId);
    if (health && health.state !== "DOWN") return { groupId, ignored: `${name} is ${health.state} again` };
    const lastGoodAt = health?.lastGoodAt ?? null;

    const standbys = group.members.filter((m) => m.role === "STANDBY").map((m) => ({ serverId: m.serverId, name: m.server.name }));
    const opinion = await ask({ address: primary.server.address, port: primary.server.port }, standbys);
    if (!opinion.proceed) {
      const reasons =
        opinion.why === "still-reachable"
          ? [`${name} is DOWN as Tandem sees it, but still reachable from its peers: the problem is between Tandem and ${name}; no failover`]
          : [`${name} is DOWN but no standby could give a second opinion; no failover`];
      return no("second-opinion", [...reasons, ...opinion.verdicts.map((v) => `${v.name}: ${v.verdict} (${v.detail})`)], { verdicts: opinion.verdicts });
    }

    try {
      const snapshot = deps.monitoring.snapshot();
      const reason = `automatic failover: ${name} confirmed DOWN at ${t.at.toISOString()}${t.reason ? ` (${t.reason})` : ""}; second opinion: ${opinion.summary}`;
      const { operation, done } = await startFailover(
        { db: deps.db, engine: deps.engine, live: liveStatesOf(snapshot), hosts: deps.monitoring.engine.hosts },
        autoActor,
        group.id,
        { reason: reason.slice(0, 500) },
        { trigger: { lastGoodAt, downAt: t.at } },
      );
      log.warn(`automatic failover of ${group.name} started`, { groupId: group.id, operationId: operation.id, from: name });
      return { groupId, started: operation, done };
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      if (/No standby qualifies|no standby to promote/.test(msg)) return no("no-candidate", [`${name} is DOWN and no standby can take over`, msg]);
      if (/already running/.test(msg)) return no("conflict", [`${name} is DOWN but ${msg}`]);
      return no("error", [`${name} is DOWN but the failover could not start: ${msg}`]);
    }
  }

  async function handle(t: HostTransition): Promise<AutoDecision[]> {
    if (t.to !== "DOWN") return [];
    const memberships = await deps.db.groupMember.findMany({ where: { serverId: t.serverId, role: "PRIMARY" }, select: { groupId: true } });
    const out: AutoDecision[] = [];
    for (const m of memberships) {
      const d = await decide(t, m.groupId);
      deps.onDecision?.(d);
      out.push(d);
    }
    return out;
  }

  const onTransition = (t: HostTransition) => {
    if (t.to !== "DOWN") return;
    const next = queue.then(() => handle(t));
    queue = next.catch((e: unknown) => log.error("automatic failover decision failed", { serverId: t.serverId, err: e as Error }));
  };

  return {
    start() {
      if (listening) return;
      listening = true;
      deps.monitoring.engine.on("transition", onTransition);
    },
    async stop() {
      if (listening) deps.monitoring.engine.off("transition", onTransition);
      listening = false;
      await queue;
    },
    handle: (t) => {
      const next = queue.then(() => handle(t));
      queue = next.catch(() => undefined);
      return next;
    },
  };
}
