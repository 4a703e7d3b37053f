// What a window would do, before it is saved: its next occurrences, the
// servers it covers, each touched group's redundancy now and while it runs
// (members in scope out of service), other windows it overlaps, and whether it
// breaks a group (below minHealthy), which needs an explicit override.
import type { Db } from "../db/client";
import type { LiveStates } from "../groups/group-dto";
import { evaluateRedundancy, type MemberView } from "../groups/redundancy";
import { occurrencesBetween, upcoming, type Occurrence } from "./occurrences";
import type { TCreateWindowRequest, TWindowImpact } from "./maintenance.types";
import { checkTiming, occurrenceDto, scopeOfRow, timingOfRow } from "./window-dto";
import { expandScope, loadScopeFacts } from "./window-scope";

/** Overlaps are looked for this far ahead. */
const OVERLAP_HORIZON_MS = 90 * 86_400_000;

export async function previewWindow(db: Db, draft: TCreateWindowRequest, live: LiveStates | undefined, now: Date, windowId?: string): Promise<TWindowImpact> {
  checkTiming({ localStart: draft.start, timezone: draft.timezone, rrule: draft.rrule }, "body.draft");
  const timing = { localStart: draft.start, timezone: draft.timezone, durationMinutes: draft.durationMinutes, rrule: draft.rrule };
  const facts = await loadScopeFacts(db);
  const inScope = expandScope(draft.scope, facts);
  const warnings: string[] = [];

  const groups = await db.redundancyGroup.findMany({
    where: { members: { some: { serverId: { in: [...inScope] } } } },
    include: { members: { include: { server: { select: { name: true, siteId: true, state: true } } } } },
    orderBy: { name: "asc" },
  });
  const groupImpact = groups.map((g) => {
    const members: MemberView[] = g.members.map((m) => ({
      serverId: m.serverId,
      name: m.server.name,
      role: m.role,
      adminState: m.adminState,
      hostState: live?.get(m.serverId)?.health ?? m.server.state,
      siteId: m.server.siteId,
    }));
    const before = evaluateRedundancy(g.mode, g.minHealthy, members);
    const during = evaluateRedundancy(
      g.mode,
      g.minHealthy,
      members.map((m) => (inScope.has(m.serverId) ? { ...m, adminState: "MAINTENANCE" as const } : m)),
    );
    const primary = g.members.find((m) => m.role === "PRIMARY" && inScope.has(m.serverId));
    if (primary && draft.drainMembers) warnings.push(`${primary.server.name} is the PRIMARY of ${g.name}: it is not drained; switch over to a standby before the window if it must be`);
    return {
      id: g.id,
      name: g.name,
      minHealthy: g.minHealthy,
      now: before.state,
      during: during.state,
      inServiceDuring: during.inService,
      membersInScope: g.members.filter((m) => inScope.has(m.serverId)).map((m) => m.server.name).sort(),
    };
  });

  const mine = occurrencesBetween(timing, now, new Date(now.getTime() + OVERLAP_HORIZON_MS), 500);
  const others = await db.maintenanceWindow.findMany({ where: { cancelledAt: null, ...(windowId ? { id: { not: windowId } } : {}) } });
  const overlaps: TWindowImpact["overlaps"] = [];
  for (const o of others) {
    const theirs = occurrencesBetween(timingOfRow(o), now, new Date(now.getTime() + OVERLAP_HORIZON_MS), 500);
    const hit = firstOverlap(mine, theirs);
    if (!hit) continue;
    const shared = [...expandScope(scopeOfRow(o), facts)].filter((id) => inScope.has(id)).length;
    overlaps.push({ id: o.id, title: o.title, occurrence: occurrenceDto(hit), sharedServers: shared });
  }

  const next = upcoming(timing, now, 10);
  if (!inScope.size) warnings.push("No server is in scope: the window would do nothing");
  if (!draft.rrule && next.length === 0) warnings.push("The window is over already: its only occurrence ended in the past");

  return {
    occurrences: next.map(occurrenceDto),
    servers: [...inScope].map((id) => ({ id, name: facts.servers.get(id)?.name ?? id })).sort((a, b) => a.name.localeCompare(b.name)),
    groups: groupImpact,
    overlaps,
    needsOverride: groupImpact.some((g) => g.during === "BROKEN"),
    warnings,
  };
}

function firstOverlap(a: Occurrence[], b: Occurrence[]): Occurrence | null {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i]!.start < b[j]!.end && b[j]!.start < a[i]!.end) return b[j]!;
    if (a[i]!.end <= b[j]!.end) i++;
    else j++;
  }
  return null;
}
