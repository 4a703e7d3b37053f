import { defineEndpoint, ZNoContent } from "../http/endpoint";
import { parseCookies } from "../http/cookies";
import { recordAuditEvent } from "../audit/record-audit-event";
import { login } from "./login";
import { deleteSessionByToken } from "./sessions";
import { SESSION_COOKIE } from "./tokens";
import { ZLoginRequest, ZLoginResponse, ZMe } from "./auth.types";

export const loginEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/auth/login",
  summary: "Sign in with email and password; sets the session cookie",
  tag: "auth",
  access: "public",
  body: ZLoginRequest,
  response: ZLoginResponse,
  async handler({ body, meta, rt, setCookie }) {
    const r = await login(rt.db, body, meta, { session: rt.config.session, limit: rt.config.loginLimit });
    setCookie(SESSION_COOKIE, r.token, { maxAgeSeconds: rt.config.session.maxAgeMs / 1000 });
    return { user: { ...r.user, via: "session" as const }, expiresAt: r.expiresAt.toISOString() };
  },
});

export const logoutEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/auth/logout",
  summary: "End the current session (idempotent)",
  tag: "auth",
  access: "public",
  response: ZNoContent,
  status: 204,
  async handler({ headers, principal, actor, rt, clearCookie }) {
    const token = parseCookies(headers.get("cookie")).get(SESSION_COOKIE);
    if (token && principal?.kind === "session" && actor) {
      await rt.db.$transaction(async (tx) => {
        await tx.session.deleteMany({ where: { id: principal.sessionId } });
        await recordAuditEvent(tx, actor, { action: "auth.logout", targetType: "user", targetId: principal.userId });
      });
      rt.onSessionsRevoked({ userId: principal.userId, sessionId: principal.sessionId });
    } else if (token) {
      await deleteSessionByToken(rt.db, token);
    }
    clearCookie(SESSION_COOKIE);
    return null;
  },
});

export const meEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/auth/me",
  summary: "Who am I (session or API token)",
  tag: "auth",
  access: "VIEWER",
  response: ZMe,
  async handler({ principal }) {
    return { id: principal.userId, email: principal.email, name: principal.name, role: principal.role, via: principal.kind };
  },
});
