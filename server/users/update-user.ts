// Role changes, disabling and password resets by an admin. Tandem never deletes
// users (the audit log refers to them); it disables them.
import type { Db } from "../db/client";
import { AppError, notFound } from "../errors/app-error";
import type { Actor } from "../auth/principal";
import { hashPassword } from "../auth/password";
import { recordAuditEvent } from "../audit/record-audit-event";
import { toUserDto, type TUpdateUserRequest, type TUser } from "./users.types";

export type UpdateUserResult = { user: TUser; sessionsEnded: boolean };

export async function updateUser(db: Db, actor: Actor, id: string, input: TUpdateUserRequest): Promise<UpdateUserResult> {
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  return db.$transaction(async (tx) => {
    // Serialise admin changes so two admins cannot each demote the other and leave none.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(7453417837412323432)`;
    const before = await tx.user.findUnique({ where: { id } });
    if (!before) throw notFound("User");
    // A password would open a second way in beside the identity provider.
    if (passwordHash && before.oidcSubject !== null) {
      throw new AppError("CONFLICT", "This account signs in through single sign-on; it cannot have a password");
    }

    const losesAdmin = before.role === "ADMIN" && !before.disabledAt && ((input.role && input.role !== "ADMIN") || input.disabled === true);
    if (losesAdmin) {
      if (actor.userId === id && input.disabled) throw new AppError("CONFLICT", "You cannot disable your own account");
      const admins = await tx.user.count({ where: { role: "ADMIN", disabledAt: null } });
      if (admins <= 1) throw new AppError("CONFLICT", "This is the last active admin; make another admin first");
    }

    const disabledAt = input.disabled === undefined ? undefined : input.disabled ? (before.disabledAt ?? new Date()) : null;
    const user = await tx.user.update({
      where: { id },
      data: { name: input.name, role: input.role, disabledAt, passwordHash },
    });

    // A disabled account or a reset password ends every session of that user.
    const sessionsEnded = Boolean(input.disabled || passwordHash);
    if (sessionsEnded) await tx.session.deleteMany({ where: { userId: id } });

    const changes: Record<string, unknown> = {};
    if (input.name !== undefined && input.name !== before.name) changes.name = { from: before.name, to: input.name };
    if (input.role !== undefined && input.role !== before.role) changes.role = { from: before.role, to: input.role };
    if (input.disabled !== undefined && input.disabled !== (before.disabledAt !== null)) changes.disabled = input.disabled;
    if (passwordHash) changes.passwordReset = true;
    await recordAuditEvent(tx, actor, { action: "user.update", targetType: "user", targetId: id, details: { email: before.email, ...changes } as object });
    return { user: toUserDto(user), sessionsEnded };
  });
}
