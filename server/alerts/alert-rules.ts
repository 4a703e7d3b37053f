// Alert rules, edited by admins: thresholds, hold durations, severities, and
// rules of their own per site, tag, group or server. Built-in rules can be
// changed and disabled but not deleted (the next start would add them again).
import type { Db, Prisma } from "../db/client";
import type { Actor } from "../auth/principal";
import { recordAuditEvent } from "../audit/record-audit-event";
import { AppError, notFound } from "../errors/app-error";
import { SOURCE_INFO, ZAlertSource, ZRuleCondition, ZScope, type TAlertRule, type TAlertSource, type TCreateAlertRuleRequest, type TRuleCondition, type TUpdateAlertRuleRequest } from "./alerts.types";

type RuleRow = Prisma.AlertRuleGetPayload<object>;

export function toRuleDto(r: RuleRow): TAlertRule {
  return {
    id: r.id,
    name: r.name,
    source: ZAlertSource.catch("host-down").parse(r.source),
    enabled: r.enabled,
    severity: r.severity,
    condition: ZRuleCondition.catch({}).parse(r.condition),
    scope: ZScope.catch({}).parse(r.scope),
    builtin: r.builtin,
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** A threshold only where the source compares one, and within its range; a hold only where the source can hold. */
function checkCondition(source: TAlertSource, c: TRuleCondition): void {
  const info = SOURCE_INFO[source];
  const fields: { path: string; message: string }[] = [];
  if (info.threshold) {
    if (c.threshold === undefined) fields.push({ path: "body.condition.threshold", message: `is required for ${source} rules (${info.threshold.unit})` });
    else if (c.threshold < info.threshold.min || c.threshold > info.threshold.max)
      fields.push({ path: "body.condition.threshold", message: `must be between ${info.threshold.min} and ${info.threshold.max} ${info.threshold.unit}` });
  } else if (c.threshold !== undefined) fields.push({ path: "body.condition.threshold", message: `${source} rules take no threshold` });
  if (!info.holds && c.forSeconds) fields.push({ path: "body.condition.forSeconds", message: `${source} rules fire at once; they take no hold duration` });
  if (fields.length) throw new AppError("VALIDATION", "The rule's condition does not fit its source", { fields });
}

const unique = (e: unknown) => (e as { code?: string }).code === "P2002";

export async function listAlertRules(db: Db): Promise<TAlertRule[]> {
  const rows = await db.alertRule.findMany({ orderBy: [{ builtin: "desc" }, { createdAt: "asc" }] });
  return rows.map(toRuleDto);
}

export async function createAlertRule(db: Db, actor: Actor, req: TCreateAlertRuleRequest): Promise<TAlertRule> {
  checkCondition(req.source, req.condition);
  try {
    return await db.$transaction(async (tx) => {
      const r = await tx.alertRule.create({ data: { name: req.name, source: req.source, enabled: req.enabled, severity: req.severity, condition: req.condition, scope: req.scope } });
      await recordAuditEvent(tx, actor, { action: "alert_rule.created", targetType: "alert_rule", targetId: r.id, details: { name: r.name, source: req.source, severity: req.severity, condition: req.condition, scope: req.scope } });
      return toRuleDto(r);
    });
  } catch (e) {
    if (unique(e)) throw new AppError("CONFLICT", `A rule named "${req.name}" exists already`, { cause: e });
    throw e;
  }
}

export async function updateAlertRule(db: Db, actor: Actor, id: string, req: TUpdateAlertRuleRequest): Promise<TAlertRule> {
  try {
    return await db.$transaction(async (tx) => {
      const before = await tx.alertRule.findUnique({ where: { id } });
      if (!before) throw notFound("Alert rule");
      const source = toRuleDto(before).source;
      if (req.condition) checkCondition(source, req.condition);
      const r = await tx.alertRule.update({
        where: { id },
        data: { name: req.name, enabled: req.enabled, severity: req.severity, condition: req.condition, scope: req.scope },
      });
      await recordAuditEvent(tx, actor, { action: "alert_rule.updated", targetType: "alert_rule", targetId: id, details: JSON.parse(JSON.stringify({ name: r.name, changed: req })) });
      return toRuleDto(r);
    });
  } catch (e) {
    if (unique(e)) throw new AppError("CONFLICT", `A rule named "${req.name}" exists already`, { cause: e });
    throw e;
  }
}

export async function deleteAlertRule(db: Db, actor: Actor, id: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const r = await tx.alertRule.findUnique({ where: { id } });
    if (!r) throw notFound("Alert rule");
    if (r.builtin) throw new AppError("CONFLICT", `"${r.name}" ships with Tandem: disable it instead of deleting it`);
    await tx.alertRule.delete({ where: { id } });
    await recordAuditEvent(tx, actor, { action: "alert_rule.deleted", targetType: "alert_rule", targetId: id, details: { name: r.name, source: r.source } });
  });
}
