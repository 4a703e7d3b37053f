// Which standby takes over (DESIGN section 6): UP, in service (so not FENCED),
// not in a maintenance window, its critical services running, replication lag
// within the group's maximum; of those the
// highest priority (then the least lag, then the name, so the choice is stable).
// When none qualifies, every standby's reasons are returned for the alert.
import type { THostState } from "../health/health.types";

export type StandbyView = {
  serverId: string;
  name: string;
  priority: number;
  adminState: "IN_SERVICE" | "DRAINED" | "MAINTENANCE" | "FENCED";
  hostState: THostState;
  inMaintenanceWindow: string | null;
  lagSec: number | null;
  /** The group's critical services its agent reports not active. */
  criticalServicesDown?: string[];
};

export type CandidateChoice =
  | { ok: true; candidate: StandbyView; others: { name: string; reasons: string[] }[] }
  | { ok: false; rejected: { name: string; reasons: string[] }[] };

export function rejectionReasons(s: StandbyView, maxLagSec: number | null): string[] {
  const reasons: string[] = [];
  if (s.hostState !== "UP") reasons.push(`host is ${s.hostState}`);
  if (s.adminState !== "IN_SERVICE") reasons.push(`admin state is ${s.adminState}`);
  if (s.inMaintenanceWindow) reasons.push(`in maintenance window "${s.inMaintenanceWindow}"`);
  for (const svc of s.criticalServicesDown ?? []) reasons.push(`${svc} is not running`);
  if (maxLagSec !== null) {
    if (s.lagSec === null) reasons.push("replication lag unknown");
    else if (s.lagSec > maxLagSec) reasons.push(`replication lag ${s.lagSec}s > ${maxLagSec}s`);
  }
  return reasons;
}

export function selectCandidate(standbys: StandbyView[], maxLagSec: number | null): CandidateChoice {
  const judged = standbys.map((s) => ({ s, reasons: rejectionReasons(s, maxLagSec) }));
  const qualified = judged
    .filter((j) => j.reasons.length === 0)
    .map((j) => j.s)
    .sort((a, b) => b.priority - a.priority || (a.lagSec ?? 0) - (b.lagSec ?? 0) || a.name.localeCompare(b.name));
  if (!qualified.length) return { ok: false, rejected: judged.map((j) => ({ name: j.s.name, reasons: j.reasons })) };
  const [candidate] = qualified as [StandbyView];
  return {
    ok: true,
    candidate,
    others: judged.filter((j) => j.s !== candidate).map((j) => ({ name: j.s.name, reasons: j.reasons.length ? j.reasons : ["lower priority"] })),
  };
}
