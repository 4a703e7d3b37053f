// First run: the one-time creation of the first admin, from the setup page or
// from TANDEM_ADMIN_EMAIL/TANDEM_ADMIN_PASSWORD. Refused once any user exists.
import type { Db } from "../db/client";
import { AppError } from "../errors/app-error";
import type { Actor } from "../auth/principal";
import { hashPassword } from "../auth/password";
import { recordAuditEvent } from "../audit/record-audit-event";
import { toUserDto, type TUser } from "../users/users.types";
import type { TSetupRequest } from "./setup.types";

export async function needsSetup(db: Db): Promise<boolean> {
  return (await db.user.count()) === 0;
}

export async function createFirstAdmin(db: Db, actor: Actor, input: TSetupRequest): Promise<TUser> {
  const passwordHash = await hashPassword(input.password);
  const user = await db.$transaction(async (tx) => {
    // Two simultaneous setup requests (or two processes starting with the env
    // vars) must not both create an admin.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(7453417837412323433)`;
    if ((await tx.user.count()) > 0) throw new AppError("CONFLICT", "Tandem is already set up; sign in instead");
    // From the setup page the new admin is signed in at once: that is their first login.
    const u = await tx.user.create({ data: { email: input.email, name: input.name, role: "ADMIN", passwordHash, lastLoginAt: actor.label === "system" ? null : new Date() } });
    // From the setup page the new admin is the author; from the environment, the system is.
    const author = actor.label === "system" ? actor : { ...actor, userId: u.id, label: u.email };
    await recordAuditEvent(tx, author, {
      action: "setup.create_admin",
      targetType: "user",
      targetId: u.id,
      details: { email: u.email, via: actor.label === "system" ? "environment" : "setup page" },
    });
    return u;
  });
  return toUserDto(user);
}

/** At start: create the admin from the environment if no user exists yet; otherwise leave everything as it is. */
export async function bootstrapAdminFromEnv(db: Db, admin: { email: string; password: string; name: string } | undefined): Promise<"created" | "skipped"> {
  if (!admin || !(await needsSetup(db))) return "skipped";
  try {
    await createFirstAdmin(db, { userId: null, label: "system" }, { email: admin.email.trim().toLowerCase(), name: admin.name, password: admin.password });
    return "created";
  } catch (e) {
    if ((e as AppError).code === "CONFLICT") return "skipped";
    throw e;
  }
}
