// A user the identity provider vouched for becomes a Tandem session: the role
// comes from the IdP's groups at every sign-in, the account is created on the
// first one (no password: it can only come in this way), and every outcome,
// refusals included, is in the audit log.
import type { Db } from "../../db/client";
import type { OidcConfig } from "../../config";
import type { RequestMeta } from "../principal";
import type { TRole } from "../roles";
import { recordAuditEvent } from "../../audit/record-audit-event";
import { createSession, type SessionPolicy } from "../sessions";
import { mapClaimsToRole } from "./map-role";
import { SsoError } from "./sso-error";

export type OidcSignIn = { token: string; expiresAt: Date; user: { id: string; email: string; role: TRole; provisioned: boolean } };

function stringClaim(claims: Record<string, unknown>, name: string): string | undefined {
  const v = claims[name];
  return typeof v === "string" && v.trim() !== "" ? v.trim() : undefined;
}

export async function signInWithOidc(
  db: Db,
  cfg: OidcConfig,
  claims: Record<string, unknown>,
  meta: RequestMeta,
  opts: { session: SessionPolicy; now?: Date },
): Promise<OidcSignIn> {
  const now = opts.now ?? new Date();
  const subject = stringClaim(claims, "sub");
  const email = stringClaim(claims, "email")?.toLowerCase();
  const name = stringClaim(claims, "name") ?? stringClaim(claims, "preferred_username") ?? email;
  if (!subject || !email || !name) throw new SsoError("claims", `the identity provider sent no ${!subject ? "subject" : "email"} claim`);

  const decision = mapClaimsToRole(claims, { roleClaim: cfg.roleClaim, groups: cfg.groups, defaultRole: cfg.defaultRole });
  const existing = await db.user.findUnique({ where: { oidcIssuer_oidcSubject: { oidcIssuer: cfg.issuer, oidcSubject: subject } } });

  if (decision.role === null) throw new SsoError("role", `${decision.reason} (groups: ${decision.groups.join(", ") || "none"})`);
  if (existing?.disabledAt) throw new SsoError("disabled", "the Tandem account is disabled");
  if (!existing || existing.email !== email) {
    // Never take over another account by email: the local admin is the way in when the IdP is not.
    const holder = await db.user.findUnique({ where: { email } });
    if (holder && holder.id !== existing?.id) {
      throw new SsoError("conflict", holder.oidcSubject ? "another single sign-on identity already uses this email" : "a local account already uses this email");
    }
  }

  const role = decision.role;
  const user = await db.$transaction(async (tx) => {
    const u = existing
      ? await tx.user.update({ where: { id: existing.id }, data: { email, name, role, lastLoginAt: now } })
      : await tx.user.create({ data: { email, name, role, passwordHash: null, oidcIssuer: cfg.issuer, oidcSubject: subject, lastLoginAt: now } });
    await recordAuditEvent(
      tx,
      { userId: u.id, label: email, ...meta },
      {
        action: "auth.sso_login",
        targetType: "user",
        targetId: u.id,
        details: {
          issuer: cfg.issuer,
          subject,
          role,
          groups: decision.groups,
          ...(existing ? {} : { provisioned: true }),
          ...(existing && existing.role !== role ? { roleChanged: { from: existing.role, to: role } } : {}),
        },
      },
    );
    return u;
  });
  const session = await createSession(db, user.id, meta, opts.session, now);
  return { token: session.token, expiresAt: session.expiresAt, user: { id: user.id, email: user.email, role: user.role, provisioned: !existing } };
}

/** A refused sign-in, with its reason, labelled by whatever the IdP said about the user. */
export async function recordSsoRefusal(db: Db, cfg: OidcConfig, err: SsoError, claims: Record<string, unknown> | undefined, meta: RequestMeta): Promise<void> {
  const email = claims ? stringClaim(claims, "email")?.toLowerCase() : undefined;
  const subject = claims ? stringClaim(claims, "sub") : undefined;
  const user = subject ? await db.user.findUnique({ where: { oidcIssuer_oidcSubject: { oidcIssuer: cfg.issuer, oidcSubject: subject } } }) : null;
  await db.$transaction((tx) =>
    recordAuditEvent(
      tx,
      { userId: user?.id ?? null, label: email ?? subject ?? "single sign-on", ...meta },
      {
        action: "auth.sso_login_failed",
        targetType: "user",
        targetId: user?.id ?? null,
        details: { issuer: cfg.issuer, code: err.code, reason: err.detail, ...(subject ? { subject } : {}) },
      },
    ),
  );
}
