// Automatic failover (DESIGN section 6). Subscribes to the health engine's
// transitions and samples; when a group's PRIMARY is confirmed DOWN (hysteresis
// is the health engine's), or its critical services are down for the group's
// detection threshold while its host answers (service-watch.ts), and the
// group's policy is AUTOMATIC, it checks, in order:
// not in a maintenance window, outside the group's cooldown, the fleet-wide
// brake, the primary still failed, the second opinion of the standbys (do they
// reach the primary's SSH port, or the crashed service's port?); then
// chooses a candidate and starts a failover with initiator "auto". Every
// refusal is a critical event: an audit record `failover.refused` with the
// reasons, an error in the log, and (through onDecision) an alert.
// Manual switchovers and failovers are not subject to cooldown or brake.
import type { Actor } from "../auth/principal";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { SecretBox } from "../crypto/secret-box";
import type { Db } from "../db/client";
import { liveStatesOf } from "../groups/group-dto";
import type { HealthEngine, HostSampled, HostTransition } from "../health/health-engine";
import { criticalServicesOf } from "../groups/critical-services";
import { ServiceWatch, type ServiceFailure, type WatchedPrimary } from "./service-watch";
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
  monitoring: { engine: HealthEngine; snapshot(): TFleetSnapshot; sampleSoon?(serverId: string): void };
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
  /** Re-reads which primaries have critical services to watch (the loop does it every few seconds). */
  refreshWatch(): Promise<void>;
};

/** A failed primary: its host confirmed DOWN, or its critical services down while the host answers. */
type Failure =
  | { kind: "host-down"; serverId: string; at: Date; reason: string | null }
  | { kind: "service-down"; serverId: string; at: Date; failure: ServiceFailure };

const WATCH_REFRESH_MS = 2_000;

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

  async function decide(t: Failure, groupId: string): Promise<AutoDecision> {
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
    const down = t.kind === "service-down" ? t.failure.down : [];
    const what = t.kind === "host-down" ? `${name} is DOWN` : `${down.map((d) => d.name).join(", ")} on ${name} ${down.length > 1 ? "are" : "is"} down`;

    const window = await (deps.maintenanceWindow?.(group.id, t.serverId) ?? null);
    if (window) return no("maintenance", [`${name} is in maintenance window "${window}"`]);

    const now = clock();
    const lastAuto = await deps.db.operation.findFirst({
      where: { groupId: group.id, kind: "FAILOVER", initiator: AUTO_INITIATOR },
      orderBy: { createdAt: "desc" },
      select: { createdAt: true },
    });
    const cooldown = cooldownVerdict(lastAuto?.createdAt ?? null, group.cooldownSeconds, now);
    if (!cooldown.ok) return no("cooldown", [`${what} but ${group.name} is ${cooldown.reason}`]);

    const recent = await deps.db.operation.findMany({
      where: { kind: "FAILOVER", initiator: AUTO_INITIATOR, createdAt: { gt: new Date(now.getTime() - deps.brake.windowMs) } },
      select: { createdAt: true },
    });
    const brake = brakeVerdict(
      recent.map((r) => r.createdAt),
      deps.brake,
      now,
    );
    if (!brake.ok) return no("brake", [`${what} but the ${brake.reason}`]);

    const health = deps.monitoring.engine.hosts.get(t.serverId);
    let lastGoodAt: Date | null;
    if (t.kind === "host-down") {
      if (health && health.state !== "DOWN") return { groupId, ignored: `${name} is ${health.state} again` };
      lastGoodAt = health?.lastGoodAt ?? null;
    } else {
      const stillDown = health?.metrics?.servicesDown ?? [];
      if (!down.some((d) => stillDown.includes(d.name))) return { groupId, ignored: `${down.map((d) => d.name).join(", ")} on ${name} running again` };
      lastGoodAt = t.failure.lastGoodAt;
    }

    // The second opinion: do the standbys reach what Tandem cannot? The host's SSH port, or the crashed service's port.
    const standbys = group.members.filter((m) => m.role === "STANDBY").map((m) => ({ serverId: m.serverId, name: m.server.name }));
    const probed = t.kind === "host-down" ? { address: primary.server.address, port: primary.server.port } : { address: primary.server.address, port: down[0]!.port };
    const opinion = await ask(probed, standbys);
    if (!opinion.proceed) {
      const reasons =
        t.kind === "service-down"
          ? opinion.why === "still-reachable"
            ? [`${what} as its agent reports, but ${down[0]!.name} still answers on port ${probed.port} from a standby: alert, no failover`]
            : [`${what} but no standby could probe port ${probed.port} for a second opinion; no failover`]
          : opinion.why === "still-reachable"
            ? [`${name} is DOWN as Tandem sees it, but still reachable from its peers: the problem is between Tandem and ${name}; no failover`]
            : [`${name} is DOWN but no standby could give a second opinion; no failover`];
      return no("second-opinion", [...reasons, ...opinion.verdicts.map((v) => `${v.name}: ${v.verdict} (${v.detail})`)], { verdicts: opinion.verdicts });
    }

    try {
      const detected =
        t.kind === "host-down"
          ? `${name} confirmed DOWN at ${t.at.toISOString()}${t.reason ? ` (${t.reason})` : ""}`
          : `${what} (${t.failure.samples} polls in a row since ${t.failure.downAt.toISOString()}; the host answers)`;
      const reason = `automatic failover: ${detected}; second opinion: ${opinion.summary}`;
      const { operation, done } = await startFailover(
        { db: deps.db, engine: deps.engine, live: liveStatesOf(deps.monitoring), hosts: deps.monitoring.engine.hosts },
        autoActor,
        group.id,
        { reason: reason.slice(0, 500) },
        { trigger: { lastGoodAt, downAt: t.kind === "host-down" ? t.at : t.failure.downAt } },
      );
      log.warn(`automatic failover of ${group.name} started`, { groupId: group.id, operationId: operation.id, from: name });
      return { groupId, started: operation, done };
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      if (/No standby qualifies|no standby to promote/.test(msg)) return no("no-candidate", [`${what} and no standby can take over`, msg]);
      if (/already running/.test(msg)) return no("conflict", [`${what} but ${msg}`]);
      return no("error", [`${what} but the failover could not start: ${msg}`]);
    }
  }

  async function handle(t: HostTransition): Promise<AutoDecision[]> {
    if (t.to !== "DOWN") return [];
    const memberships = await deps.db.groupMember.findMany({ where: { serverId: t.serverId, role: "PRIMARY" }, select: { groupId: true } });
    const out: AutoDecision[] = [];
    for (const m of memberships) {
      const d = await decide({ kind: "host-down", serverId: t.serverId, at: t.at, reason: t.reason }, m.groupId);
      deps.onDecision?.(d);
      out.push(d);
    }
    return out;
  }

  async function handleService(f: ServiceFailure): Promise<AutoDecision> {
    const d = await decide({ kind: "service-down", serverId: f.serverId, at: f.downAt, failure: f }, f.groupId);
    deps.onDecision?.(d);
    return d;
  }

  const onTransition = (t: HostTransition) => {
    if (t.to !== "DOWN") return;
    const next = queue.then(() => handle(t));
    queue = next.catch((e: unknown) => log.error("automatic failover decision failed", { serverId: t.serverId, err: e as Error }));
  };

  // Crashed services: which primaries to watch is re-read every few seconds; samples are judged as they come (a Map lookup for the rest of the fleet).
  const watch = new ServiceWatch();
  async function refreshWatch(): Promise<void> {
    const rows = await deps.db.groupMember.findMany({
      where: { role: "PRIMARY", group: { failoverPolicy: "AUTOMATIC", mode: "ACTIVE_PASSIVE" } },
      select: { serverId: true, group: { select: { id: true, name: true, criticalServices: true, detectionThreshold: true } } },
    });
    const byServer = new Map<string, WatchedPrimary[]>();
    for (const r of rows) {
      const critical = criticalServicesOf(r.group.criticalServices);
      if (!critical.length) continue;
      byServer.set(r.serverId, [...(byServer.get(r.serverId) ?? []), { groupId: r.group.id, groupName: r.group.name, critical, threshold: r.group.detectionThreshold }]);
    }
    watch.setWatched(byServer);
  }
  const onSampled = (e: HostSampled) => {
    if (!watch.isWatched(e.serverId)) return;
    // Only a good answer says what runs; a failed poll is the host-down path's.
    if (e.health.lastGoodAt?.getTime() !== e.at.getTime() || !e.health.metrics) return;
    for (const f of watch.sample(e.serverId, e.at, e.health.metrics.servicesDown)) {
      const next = queue.then(() => handleService(f));
      queue = next.catch((err: unknown) => log.error("automatic failover decision failed", { serverId: f.serverId, err: err as Error }));
    }
    // While a crashed service is being confirmed, look again in half an interval (fastinter), as for a dead host.
    if (watch.confirming(e.serverId)) deps.monitoring.sampleSoon?.(e.serverId);
  };
  let watchTimer: NodeJS.Timeout | undefined;

  return {
    start() {
      if (listening) return;
      listening = true;
      deps.monitoring.engine.on("transition", onTransition);
      deps.monitoring.engine.on("sampled", onSampled);
      const loop = () => {
        void refreshWatch()
          .catch((e: unknown) => log.error("could not read the primaries to watch", { err: e as Error }))
          .finally(() => {
            if (listening) watchTimer = setTimeout(loop, WATCH_REFRESH_MS);
          });
      };
      loop();
    },
    async stop() {
      if (listening) {
        deps.monitoring.engine.off("transition", onTransition);
        deps.monitoring.engine.off("sampled", onSampled);
      }
      listening = false;
      clearTimeout(watchTimer);
      await queue;
    },
    refreshWatch,
    handle: (t) => {
      const next = queue.then(() => handle(t));
      queue = next.catch(() => undefined);
      return next;
    },
  };
}
