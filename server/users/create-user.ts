import type { Db } from "../db/client";
import { AppError } from "../errors/app-error";
import type { Actor } from "../auth/principal";
import { hashPassword } from "../auth/password";
import { recordAuditEvent } from "../audit/record-audit-event";
import { toUserDto, type TCreateUserRequest, type TUser } from "./users.types";

export async function createUser(db: Db, actor: Actor, input: TCreateUserRequest): Promise<TUser> {
  const passwordHash = await hashPassword(input.password);
  try {
    const user = await db.$transaction(async (tx) => {
      const u = await tx.user.create({ data: { email: input.email, name: input.name, role: input.role, passwordHash } });
      await recordAuditEvent(tx, actor, { action: "user.create", targetType: "user", targetId: u.id, details: { email: u.email, role: u.role } });
      return u;
    });
    return toUserDto(user);
  } catch (e) {
    if ((e as { code?: string }).code === "P2002") {
      throw new AppError("CONFLICT", `A user with email ${input.email} already exists`, { fields: [{ path: "body.email", message: "is already taken" }], cause: e });
    }
    throw e;
  }
}
