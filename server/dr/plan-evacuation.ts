// Planning a site operation (pure): which groups move, how, to where, and every
// precondition, stage by stage in the recovery plan's order. An evacuation
// moves each group whose primary is in the site to its best standby elsewhere
// (a switchover while the primary answers, a failover when it does not) and
// drains a pool's members in the site when it serves elsewhere too. A return
// undoes what an evacuation moved, once the site's hosts answer again.
import { rejectionReasons, selectCandidate } from "../failover/select-candidate";
import type { TGroup, TGroupMember } from "../groups/groups.types";
import type { TEvacuationPreview, TEvacuationPreviewGroup, TSiteGroupAction } from "./dr.types";

export type StageHookView = { serverId: string; serverName: string; command: string; timeoutSeconds: number };
export type PlannedStage = { name: string; groupIds: string[]; pre: StageHookView | null; post: StageHookView | null };
export type SiteRef = { id: string; name: string };
type Check = TEvacuationPreviewGroup["checks"][number];
type NotMoving = TEvacuationPreview["notMoving"][number];

const answering = (m: TGroupMember) => m.health === "UP" || m.health === "DEGRADED";
const serving = (m: TGroupMember) => answering(m) && m.adminState === "IN_SERVICE" && !m.maintenance && m.criticalServicesDown.length === 0;
const inSite = (m: TGroupMember, site: SiteRef) => m.site?.id === site.id;
const where = (m: TGroupMember) => (m.site ? m.site.name : "no site");
/** A member as the candidate rules see it. */
export const standbyView = (m: TGroupMember) => ({ serverId: m.serverId, name: m.name, priority: m.priority, adminState: m.adminState, hostState: m.health, inMaintenanceWindow: m.maintenance?.title ?? null, lagSec: m.lag, criticalServicesDown: m.criticalServicesDown });
const busyCheck = (busy: boolean): Check => ({ check: "no other operation on the group", ok: !busy, detail: busy ? "an operation is running on it: it would be refused (409)" : "free" });

type Judged = { group: Omit<TEvacuationPreviewGroup, "stage"> } | { notMoving: string } | null;

/** One group of an evacuation: null when nothing of it is in the site. */
export function judgeEvacuation(g: TGroup, site: SiteRef, busy: boolean, dryRun = false): Judged {
  const mine = g.members.filter((m) => inSite(m, site));
  if (!mine.length) return null;
  if (g.mode === "ACTIVE_PASSIVE") {
    const primary = g.members.find((m) => m.role === "PRIMARY");
    if (!primary) return { notMoving: "no primary" };
    if (!inSite(primary, site)) return { notMoving: `its primary ${primary.name} is in ${where(primary)}: it stays; it loses ${mine.map((m) => m.name).join(", ")} in ${site.name}` };
    const outside = g.members.filter((m) => m.role === "STANDBY" && !inSite(m, site));
    if (!outside.length) return { notMoving: `no standby outside ${site.name}: it cannot move (restore redundancy in another site first)` };
    const choice = selectCandidate(outside.map(standbyView), g.maxReplicationLagSeconds);
    const live = serving(primary);
    const action: TSiteGroupAction = dryRun ? "DRY_RUN" : live ? "SWITCHOVER" : "FAILOVER";
    const cand = choice.ok ? outside.find((m) => m.serverId === choice.candidate.serverId)! : null;
    const checks: Check[] = [
      { check: "primary", ok: true, detail: `${primary.name} is ${primary.health}${live ? ": a switchover demotes it cleanly" : ": a failover fences it"}` },
      {
        check: `standby outside ${site.name}`,
        ok: !!cand,
        detail: cand ? `${cand.name} in ${where(cand)}${cand.lag !== null ? `, lag ${cand.lag} s` : ""}` : choice.ok ? "" : choice.rejected.map((r) => `${r.name}: ${r.reasons.join(", ")}`).join("; "),
      },
      busyCheck(busy),
    ];
    const ready = checks.every((c) => c.ok);
    return {
      group: {
        groupId: g.id,
        name: g.name,
        action,
        from: { serverId: primary.serverId, name: primary.name },
        to: cand ? { serverId: cand.serverId, name: cand.name, site: cand.site?.name ?? null } : null,
        checks,
        ready,
        summary: cand ? `${dryRun ? "dry run: " : ""}${live ? "switch over" : "fail over"} ${primary.name} → ${cand.name} (${where(cand)})` : `cannot move: ${checks.find((c) => !c.ok)!.detail}`,
      },
    };
  }
  const outside = g.members.filter((m) => !inSite(m, site));
  if (!outside.length) return { notMoving: `every member is in ${site.name}: it cannot move (restore redundancy in another site first)` };
  const left = outside.filter(serving);
  const checks: Check[] = [
    { check: `serving outside ${site.name}`, ok: left.length >= g.minHealthy, detail: `${left.length} member(s) (${left.map((m) => m.name).join(", ") || "none"}) for a minimum of ${g.minHealthy}` },
    busyCheck(busy),
  ];
  return {
    group: {
      groupId: g.id,
      name: g.name,
      action: dryRun ? "DRY_RUN" : "DRAIN",
      from: null,
      to: null,
      checks,
      ready: checks.every((c) => c.ok),
      summary: `${dryRun ? "dry run: " : ""}drain ${mine.map((m) => m.name).join(", ")}; ${left.length} member(s) keep serving elsewhere`,
    },
  };
}

export type EvacuationRowFacts = { groupId: string; stage: number; action: string; state: string; fromServerId: string | null; toServerId: string | null };

/** One group of a return: what it takes to bring back what the evacuation moved. */
export function judgeReturn(g: TGroup, site: SiteRef, moved: EvacuationRowFacts, busy: boolean): Judged {
  if (moved.action === "DRAIN") {
    const drained = g.members.filter((m) => inSite(m, site) && m.adminState === "DRAINED");
    if (!drained.length) return { notMoving: `nothing of it is drained in ${site.name} any more` };
    const down = drained.filter((m) => !answering(m));
    const checks: Check[] = [
      { check: `members in ${site.name} answer`, ok: !down.length, detail: down.length ? `${down.map((m) => `${m.name} is ${m.health}`).join(", ")}` : drained.map((m) => `${m.name} ${m.health}`).join(", ") },
      busyCheck(busy),
    ];
    return { group: { groupId: g.id, name: g.name, action: "ENABLE", from: null, to: null, checks, ready: checks.every((c) => c.ok), summary: `put ${drained.map((m) => m.name).join(", ")} back in rotation` } };
  }
  const original = g.members.find((m) => m.serverId === moved.fromServerId);
  if (!original) return { notMoving: "its original primary is no longer a member" };
  const primary = g.members.find((m) => m.role === "PRIMARY");
  if (primary?.serverId === original.serverId) return { notMoving: `${original.name} is its primary already` };
  if (!primary) return { notMoving: "no primary to switch from" };
  const fenced = original.adminState === "FENCED";
  const checks: Check[] = [
    { check: "current primary answers", ok: serving(primary), detail: `${primary.name} is ${primary.health}${serving(primary) ? "" : ": a return is a switchover and needs a live primary"}` },
    fenced
      ? { check: `${original.name} answers (it is rejoined first)`, ok: answering(original), detail: `${original.name} is FENCED and ${original.health}: ${answering(original) ? "its demote hook runs, then it is switched back to" : "power it on or repair it first"}` }
      : (() => {
          const why = rejectionReasons(standbyView(original), g.maxReplicationLagSeconds);
          return { check: `${original.name} can take over`, ok: !why.length, detail: why.length ? why.join(", ") : `${original.name} is ${original.health}, lag ${original.lag ?? "?"} s` };
        })(),
    busyCheck(busy),
  ];
  return {
    group: {
      groupId: g.id,
      name: g.name,
      action: fenced ? "REJOIN_SWITCHOVER" : "SWITCHOVER",
      from: { serverId: primary.serverId, name: primary.name },
      to: { serverId: original.serverId, name: original.name, site: original.site?.name ?? null },
      checks,
      ready: checks.every((c) => c.ok),
      summary: `${fenced ? `rejoin ${original.name}, then ` : ""}switch over ${primary.name} → ${original.name} (${where(original)})`,
    },
  };
}

/** The whole preview: stages in order, each with its groups; what does not move, and why. */
export function assemblePreview(
  kind: TEvacuationPreview["kind"],
  site: SiteRef,
  stages: readonly PlannedStage[],
  groups: ReadonlyMap<string, TGroup>,
  judge: (g: TGroup) => Judged,
  opts: { parallelism: number; fromOperationId?: string | null },
): TEvacuationPreview {
  const notMoving: NotMoving[] = [];
  const out = stages.map((st, i) => ({
    name: st.name,
    pre: st.pre,
    post: st.post,
    groups: st.groupIds.flatMap((id) => {
      const g = groups.get(id);
      if (!g) return [];
      const j = judge(g);
      if (!j) return [];
      if ("notMoving" in j) {
        notMoving.push({ groupId: g.id, name: g.name, why: j.notMoving });
        return [];
      }
      return [{ ...j.group, stage: i }];
    }),
  }));
  const all = out.flatMap((s) => s.groups);
  const blockers: string[] = [];
  if (!all.length) blockers.push(kind === "SITE_RETURN" ? `nothing to bring back to ${site.name}` : `nothing in ${site.name} can move`);
  return {
    site,
    kind,
    parallelism: opts.parallelism,
    stages: out,
    notMoving,
    ready: !blockers.length && all.every((g) => g.ready),
    blockers,
    fromOperationId: opts.fromOperationId ?? null,
  };
}
