// The rules Tandem ships, enabled: written at start when missing (matched by
// name), never overwritten, so an admin's edits stay. They cannot be deleted,
// only disabled. Thresholds follow the health policy's defaults.
import type { Db } from "../db/client";
import type { TAlertSource, TRuleCondition, TSeverity } from "./alerts.types";

type DefaultRule = { name: string; source: TAlertSource; severity: TSeverity; condition: TRuleCondition };

export const DEFAULT_RULES: DefaultRule[] = [
  { name: "Host down", source: "host-down", severity: "CRITICAL", condition: { forSeconds: 0 } },
  // One failed poll is not news; a host that stays unreachable (or whose host key we refuse) is.
  { name: "Host unreachable", source: "host-unreachable", severity: "WARNING", condition: { forSeconds: 60 } },
  { name: "Agent error", source: "agent-error", severity: "WARNING", condition: { forSeconds: 60 } },
  { name: "CPU high", source: "cpu", severity: "WARNING", condition: { threshold: 90, forSeconds: 300 } },
  { name: "Memory high", source: "memory", severity: "WARNING", condition: { threshold: 90, forSeconds: 300 } },
  { name: "Disk almost full", source: "disk", severity: "WARNING", condition: { threshold: 90, forSeconds: 60 } },
  { name: "Disk full", source: "disk", severity: "CRITICAL", condition: { threshold: 97, forSeconds: 0 } },
  { name: "Load high", source: "load", severity: "WARNING", condition: { threshold: 2, forSeconds: 300 } },
  { name: "RAID degraded", source: "raid", severity: "CRITICAL", condition: { forSeconds: 0 } },
  { name: "Replication lag", source: "replication-lag", severity: "WARNING", condition: { threshold: 30, forSeconds: 60 } },
  { name: "Service stopped", source: "service", severity: "WARNING", condition: { forSeconds: 30 } },
  { name: "Host key changed", source: "host-key", severity: "CRITICAL", condition: {} },
  // A switchover drains a member for seconds by design; a group that stays at risk is news.
  { name: "Group at risk", source: "group-at-risk", severity: "WARNING", condition: { forSeconds: 60 } },
  { name: "Group broken", source: "group-broken", severity: "CRITICAL", condition: { forSeconds: 0 } },
  { name: "Operation failed", source: "operation-failed", severity: "CRITICAL", condition: {} },
  { name: "Operation paused", source: "operation-paused", severity: "WARNING", condition: {} },
  { name: "Automatic failover performed", source: "failover-performed", severity: "WARNING", condition: {} },
  { name: "Automatic failover refused", source: "failover-refused", severity: "CRITICAL", condition: {} },
  { name: "Scheduled drill missed", source: "drill-missed", severity: "WARNING", condition: {} },
  { name: "Tandem node lost", source: "node-lost", severity: "CRITICAL", condition: {} },
  { name: "Two primaries", source: "two-primaries", severity: "CRITICAL", condition: {} },
];

export async function ensureDefaultRules(db: Db): Promise<number> {
  const r = await db.alertRule.createMany({
    data: DEFAULT_RULES.map((d) => ({ name: d.name, source: d.source, severity: d.severity, condition: d.condition, builtin: true })),
    skipDuplicates: true,
  });
  return r.count;
}
