import type { Db } from "../db/client";
import { AppError } from "../errors/app-error";
import type { Actor } from "../auth/principal";
import { hashPassword, verifyPassword } from "../auth/password";
import { recordAuditEvent } from "../audit/record-audit-event";

/** Changes the caller's password; every other session of theirs ends. */
export async function changeOwnPassword(
  db: Db,
  actor: Actor & { userId: string },
  input: { currentPassword: string; newPassword: string },
  keepSessionId: string | undefined,
): Promise<void> {
  const user = await db.user.findUniqueOrThrow({ where: { id: actor.userId } });
  if (user.passwordHash === null) {
    throw new AppError("CONFLICT", "This account signs in through single sign-on and has no password here");
  }
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new AppError("VALIDATION", "Current password is incorrect", { fields: [{ path: "body.currentPassword", message: "is incorrect" }] });
  }
  const passwordHash = await hashPassword(input.newPassword);
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
    await tx.session.deleteMany({ where: { userId: user.id, ...(keepSessionId ? { id: { not: keepSessionId } } : {}) } });
    await recordAuditEvent(tx, actor, { action: "account.change_password", targetType: "user", targetId: user.id });
  });
}
