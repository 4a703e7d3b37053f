import type { TScope } from "./alerts.types";

/** What a rule's or a channel's scope is matched against: a server's (or a group's members') facts. */
export type ScopeFacts = { serverId: string | null; siteId: string | null; tags: string[]; groupIds: string[] };

const anyOf = <T>(wanted: T[] | undefined, have: T[]) => !wanted?.length || have.some((h) => wanted.includes(h));

/** Every non-empty list of the scope must match; empty lists (or no scope) match all. */
export function scopeMatches(scope: TScope, f: ScopeFacts): boolean {
  return anyOf(scope.serverIds, f.serverId ? [f.serverId] : []) && anyOf(scope.siteIds, f.siteId ? [f.siteId] : []) && anyOf(scope.tags, f.tags) && anyOf(scope.groupIds, f.groupIds);
}
