// How a what-if answer reads: which groups it touches, what a recovery would
// do, how the lost primary would be fenced, and the one-line totals.
import type { TWhatIfGroup, TWhatIfResponse } from "./types";

export const WHAT_IF_ACTION: Record<TWhatIfGroup["action"], string> = {
  none: "Nothing to do",
  switchover: "Switch over",
  failover: "Fail over",
  drain: "Serve from the rest",
  lost: "Nothing possible",
};

/** Touched by the loss: a member or a dependency lost, or its state changes. */
export function isAffected(g: TWhatIfGroup): boolean {
  return g.lostMembers.length > 0 || g.dependsOnLost.length > 0 || g.before.state !== g.after.state || g.action !== "none";
}

/** Affected groups first, keeping the server's order (worst first) within each part. */
export function affectedFirst(groups: readonly TWhatIfGroup[]): TWhatIfGroup[] {
  return [...groups.filter(isAffected), ...groups.filter((g) => !isAffected(g))];
}

/** The fencing path in words: null when no fencing is involved (no primary lost). */
export function fencingText(f: TWhatIfGroup["fencing"]): { text: string; problem: boolean } | null {
  if (!f) return null;
  if (f.available) return { text: f.via ?? "available", problem: false };
  return f.required ? { text: "none survives: someone must confirm the primary is off", problem: true } : { text: "none left (not required)", problem: false };
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function totalsText(t: TWhatIfResponse["totals"]): string {
  const parts = [`${plural(t.affected, "group")} of ${t.groups} affected`];
  if (t.broken) parts.push(`${t.broken} broken`);
  if (t.atRisk) parts.push(`${t.atRisk} at risk`);
  if (t.unrecoverable) parts.push(`${t.unrecoverable} not recoverable`);
  if (t.needFailover) parts.push(`${plural(t.needFailover, "failover")} needed`);
  return parts.join(", ");
}

/** "fra1 and db-fra1-a": what the answer says was lost. */
export function lostText(lost: TWhatIfResponse["lost"]): string {
  const names = [...lost.sites.map((s) => `site ${s.name}`), ...lost.servers.map((s) => s.name), ...lost.groups.map((g) => `group ${g.name}`)];
  if (names.length <= 1) return names[0] ?? "nothing";
  return `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}
