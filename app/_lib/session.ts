// Session checks for pages (server components). API routes use server/http/endpoint.ts.
import "server-only";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getRuntime } from "@/server/runtime";
import { resolveSession } from "@/server/auth/sessions";
import { SESSION_COOKIE } from "@/server/auth/tokens";
import { hasRole, type TRole } from "@/server/auth/roles";
import { needsSetup } from "@/server/setup/create-first-admin";
import type { Principal } from "@/server/auth/principal";

export async function currentPrincipal(): Promise<Principal | null> {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  if (!token) return null;
  const rt = getRuntime();
  return resolveSession(rt.db, token, rt.config.session);
}

/**
 * The signed-in user, or a redirect: to /setup while Tandem has no user, to
 * /login otherwise, and to /forbidden when the role is too low.
 */
export async function requirePrincipal(minRole: TRole = "VIEWER", returnTo?: string): Promise<Principal> {
  const principal = await currentPrincipal();
  if (!principal) {
    if (await needsSetup(getRuntime().db)) redirect("/setup");
    redirect(returnTo ? `/login?next=${encodeURIComponent(returnTo)}` : "/login");
  }
  if (!hasRole(principal.role, minRole)) redirect(`/forbidden?need=${minRole}`);
  return principal;
}
