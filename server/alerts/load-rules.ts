import type { Db } from "../db/client";
import { ZAlertSource, ZRuleCondition, ZScope } from "./alerts.types";
import type { RuleView } from "./evaluate";

/** The enabled rules, as the evaluator reads them. A row that does not parse (edited by hand in SQL) is skipped, not fatal. */
export async function loadRules(db: Db): Promise<RuleView[]> {
  const rows = await db.alertRule.findMany({ where: { enabled: true }, orderBy: { createdAt: "asc" } });
  const out: RuleView[] = [];
  for (const r of rows) {
    const source = ZAlertSource.safeParse(r.source);
    const condition = ZRuleCondition.safeParse(r.condition);
    const scope = ZScope.safeParse(r.scope);
    if (!source.success || !condition.success || !scope.success) continue;
    out.push({ id: r.id, name: r.name, source: source.data, severity: r.severity, threshold: condition.data.threshold ?? null, forSeconds: condition.data.forSeconds ?? 0, scope: scope.data });
  }
  return out;
}
