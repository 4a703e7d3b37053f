import type { Prisma, Tx } from "../db/client";
import type { Actor } from "../auth/principal";

export type AuditInput = {
  action: string;
  targetType: string;
  targetId?: string | null;
  details?: Prisma.InputJsonValue;
};

/** Call inside the same transaction as the change it records, so neither exists without the other. */
export async function recordAuditEvent(tx: Tx, actor: Actor, input: AuditInput): Promise<void> {
  await tx.auditEvent.create({
    data: {
      actorUserId: actor.userId,
      actorLabel: actor.label,
      action: input.action,
      targetType: input.targetType,
      targetId: input.targetId ?? null,
      ip: actor.ip ?? null,
      userAgent: actor.userAgent ?? null,
      requestId: actor.requestId ?? null,
      details: input.details ?? {},
    },
  });
}
