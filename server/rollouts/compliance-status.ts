// Pure parts of patch compliance: a server's status from its latest agent
// sample, the orders the report can be sorted in, and the fleet summary.
// No database here, so the UI sorts with the same comparators the API uses.
import type { TComplianceReport, TComplianceServer, TComplianceSort, TComplianceStatus } from "./rollouts.types";

/** What compliance needs of a stored agent sample (Server.lastSample is Json, so every field may be missing). */
export type TPatchFacts = {
  pending: number | null;
  security: number | null;
  rebootRequired: boolean | null;
  kernelRunning: string | null;
  kernelInstalled: string | null;
};

/**
 * Compares kernel release strings ("6.1.0-26-amd64", "5.14.0-427.13.1.el9_4.x86_64")
 * by their numeric parts in order, then as text: > 0 when `a` is newer.
 */
export function compareKernel(a: string, b: string): number {
  const na = a.match(/\d+/g) ?? [];
  const nb = b.match(/\d+/g) ?? [];
  for (let i = 0; i < Math.max(na.length, nb.length); i++) {
    const d = Number(na[i] ?? -1) - Number(nb[i] ?? -1);
    if (d !== 0) return d;
  }
  return a.localeCompare(b);
}

/** A newer kernel is installed than the one running: only a reboot brings it in. */
export function kernelAwaitsReboot(f: Pick<TPatchFacts, "kernelRunning" | "kernelInstalled">): boolean {
  return !!f.kernelRunning && !!f.kernelInstalled && compareKernel(f.kernelInstalled, f.kernelRunning) > 0;
}

/**
 * The most urgent that applies: REBOOT (the running system is not the patched
 * one; known from the sample even when the update count is not), UNKNOWN
 * without a sample or an update count (the agent could not ask the package
 * manager), SECURITY, UPDATES, else UP_TO_DATE.
 */
export function complianceStatus(f: TPatchFacts | null): TComplianceStatus {
  if (!f) return "UNKNOWN";
  if (f.rebootRequired || kernelAwaitsReboot(f)) return "REBOOT";
  if (f.pending === null) return "UNKNOWN";
  if ((f.security ?? 0) > 0) return "SECURITY";
  if (f.pending > 0) return "UPDATES";
  return "UP_TO_DATE";
}

/**
 * "Worst first" puts what most needs a maintenance window on top:
 * 1. REBOOT and SECURITY together, most security updates first (a pending
 *    reboot usually means a fixed kernel or libc is not running yet, so it is
 *    as urgent as a security update); on a tie REBOOT first, then most pending;
 * 2. UPDATES, most pending first;
 * 3. UNKNOWN: nothing to act on until the agent reports, but not known good;
 * 4. UP_TO_DATE.
 * Then the longest since patched (never patched first), then name.
 */
const TIER: Record<TComplianceStatus, number> = { REBOOT: 0, SECURITY: 0, UPDATES: 1, UNKNOWN: 2, UP_TO_DATE: 3 };
const WITHIN_TIER: Record<TComplianceStatus, number> = { REBOOT: 0, SECURITY: 1, UPDATES: 0, UNKNOWN: 0, UP_TO_DATE: 0 };

type Sortable = Pick<TComplianceServer, "name" | "status" | "pendingUpdates" | "securityUpdates" | "lastPatchedAt">;

const byName = (a: Sortable, b: Sortable) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
/** Larger first, unknown (null) last. */
const desc = (a: number | null, b: number | null) => (b ?? -1) - (a ?? -1);
/** Never patched first, then oldest; ISO strings of one format compare as text. */
const oldestPatched = (a: Sortable, b: Sortable) =>
  a.lastPatchedAt === b.lastPatchedAt ? 0 : a.lastPatchedAt === null ? -1 : b.lastPatchedAt === null ? 1 : a.lastPatchedAt < b.lastPatchedAt ? -1 : 1;

export const compareWorst = (a: Sortable, b: Sortable): number =>
  TIER[a.status] - TIER[b.status] ||
  desc(a.securityUpdates, b.securityUpdates) ||
  WITHIN_TIER[a.status] - WITHIN_TIER[b.status] ||
  desc(a.pendingUpdates, b.pendingUpdates) ||
  oldestPatched(a, b) ||
  byName(a, b);

/** Each sort of the report: its natural direction (worst, most, oldest first); names break ties. */
export const complianceComparators: Record<TComplianceSort, (a: Sortable, b: Sortable) => number> = {
  worst: compareWorst,
  name: byName,
  pending: (a, b) => desc(a.pendingUpdates, b.pendingUpdates) || byName(a, b),
  security: (a, b) => desc(a.securityUpdates, b.securityUpdates) || byName(a, b),
  lastPatched: (a, b) => oldestPatched(a, b) || byName(a, b),
};

export function sortCompliance<T extends Sortable>(rows: readonly T[], sort: TComplianceSort = "worst"): T[] {
  return [...rows].sort(complianceComparators[sort]);
}

/** Counts over exactly the rows given (the filtered set). */
export function summarizeCompliance(rows: readonly TComplianceServer[]): TComplianceReport["summary"] {
  const s: TComplianceReport["summary"] = {
    servers: rows.length,
    upToDate: 0,
    withUpdates: 0,
    withSecurity: 0,
    rebootRequired: 0,
    unknown: 0,
    pendingTotal: 0,
    securityTotal: 0,
    byStatus: { REBOOT: 0, SECURITY: 0, UPDATES: 0, UNKNOWN: 0, UP_TO_DATE: 0 },
  };
  for (const r of rows) {
    s.byStatus[r.status]++;
    if (r.status === "UP_TO_DATE") s.upToDate++;
    if (r.status === "UNKNOWN") s.unknown++;
    if ((r.pendingUpdates ?? 0) > 0) s.withUpdates++;
    if ((r.securityUpdates ?? 0) > 0) s.withSecurity++;
    if (r.status === "REBOOT") s.rebootRequired++;
    s.pendingTotal += r.pendingUpdates ?? 0;
    s.securityTotal += r.securityUpdates ?? 0;
  }
  return s;
}
