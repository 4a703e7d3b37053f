import type { Runtime } from "../runtime";
import type { Principal } from "../auth/principal";
import { resolveSession } from "../auth/sessions";
import { resolveApiToken } from "../auth/resolve-api-token";
import { SESSION_COOKIE } from "../auth/tokens";
import { AppError } from "../errors/app-error";
import { parseCookies } from "./cookies";

export type Authentication = { principal: Principal | null; via: "bearer" | "cookie" | "none" };

/** A Bearer token wins over a cookie; a Bearer header that does not resolve is an error, never a fallback. */
export async function authenticate(headers: Headers, rt: Pick<Runtime, "db" | "config">): Promise<Authentication> {
  const authz = headers.get("authorization");
  if (authz) {
    const m = /^Bearer\s+(\S+)$/i.exec(authz);
    if (!m) throw new AppError("UNAUTHENTICATED", "Authorization header must be 'Bearer <token>'");
    const principal = await resolveApiToken(rt.db, m[1]!);
    if (!principal) throw new AppError("UNAUTHENTICATED", "API token is invalid, expired or revoked");
    return { principal, via: "bearer" };
  }
  const token = parseCookies(headers.get("cookie")).get(SESSION_COOKIE);
  if (!token) return { principal: null, via: "none" };
  const principal = await resolveSession(rt.db, token, rt.config.session);
  return { principal, via: principal ? "cookie" : "none" };
}
