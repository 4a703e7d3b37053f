// Single sign-on routes. Both are browser navigations, not API calls: they
// answer with redirects, and every failure lands on the login page with a code
// it explains (never a problem+json page or a stack trace).
import { defineEndpoint } from "../../http/endpoint";
import { parseCookies } from "../../http/cookies";
import { expectedOrigin } from "../../http/csrf";
import { safeNext } from "../../../components/auth/safe-next";
import { SESSION_COOKIE } from "../tokens";
import { buildLoginRedirect, completeLogin, OIDC_STATE_COOKIE, OIDC_STATE_TTL_S } from "./oidc-client";
import { recordSsoRefusal, signInWithOidc } from "./sign-in-with-oidc";
import { SsoError } from "./sso-error";
import { ZRedirect, ZSsoInfo, ZSsoLoginQuery } from "./oidc.types";
import type { Logger } from "../../lib/logger";

export const CALLBACK_PATH = "/api/v1/auth/oidc/callback";
// The cookie only needs to reach the callback.
const STATE_COOKIE_PATH = "/api/v1/auth/oidc";

function redirect(location: string): Response {
  // Not Response.redirect(): its headers are immutable, and the wrapper adds cookies.
  return new Response(null, { status: 302, headers: { location } });
}

/** Every failure becomes an SsoError the login page can explain; the cause goes to the log. */
function logFailure(log: Logger, err: unknown, requestId: string): SsoError {
  const failure = err instanceof SsoError ? err : new SsoError("failed", `unexpected error: ${(err as Error)?.message ?? String(err)}`, { cause: err });
  const cause = failure.cause as Error | undefined;
  log.warn(`single sign-on refused: ${failure.detail}`, { code: failure.code, requestId, ...(cause ? { cause: cause.stack ?? String(cause) } : {}) });
  return failure;
}

const toLogin = (code: string) => redirect(`/login?sso_error=${encodeURIComponent(code)}`);

export const ssoInfoEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/auth/oidc",
  summary: "Whether single sign-on is configured, and the label of its button",
  tag: "auth",
  access: "public",
  response: ZSsoInfo,
  async handler({ rt }) {
    return { enabled: rt.config.oidc !== undefined, label: rt.config.oidc?.label ?? null };
  },
});

export const oidcLoginEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/auth/oidc/login",
  summary: "Start single sign-on: redirects to the identity provider (authorization code flow with PKCE)",
  tag: "auth",
  access: "public",
  query: ZSsoLoginQuery,
  response: ZRedirect,
  status: 302,
  async handler({ query, headers, url, meta, rt, setCookie }) {
    const cfg = rt.config.oidc;
    if (!cfg) return toLogin("off");
    // The origin browsers use, as the CSRF check sees it; the IdP must list this callback exactly.
    const origin = expectedOrigin(headers, rt.config.publicUrl, rt.config.trustProxy) ?? url.origin;
    try {
      const r = await buildLoginRedirect(cfg, rt.secretBox, { redirectUri: cfg.redirectUrl ?? origin + CALLBACK_PATH, next: safeNext(query.next) });
      setCookie(OIDC_STATE_COOKIE, r.cookie, { maxAgeSeconds: OIDC_STATE_TTL_S, path: STATE_COOKIE_PATH });
      return redirect(r.url);
    } catch (err) {
      return toLogin(logFailure(rt.log, err, meta.requestId).code);
    }
  },
});

export const oidcCallbackEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/auth/oidc/callback",
  summary: "Single sign-on callback: exchanges the code, maps the user's groups to a role, sets the session cookie",
  tag: "auth",
  access: "public",
  // No query schema: the IdP's parameters (code, state, iss, error...) are read
  // whole from the URL by openid-client, which checks them.
  response: ZRedirect,
  status: 302,
  async handler({ headers, url, meta, rt, setCookie }) {
    const cfg = rt.config.oidc;
    if (!cfg) return toLogin("off");
    // One use: the pending sign-in ends here whatever happens.
    setCookie(OIDC_STATE_COOKIE, "", { maxAgeSeconds: 0, path: STATE_COOKIE_PATH });
    let claims: Record<string, unknown> | undefined;
    try {
      const done = await completeLogin(cfg, rt.secretBox, { callbackUrl: url, cookie: parseCookies(headers.get("cookie")).get(OIDC_STATE_COOKIE) });
      claims = done.claims;
      const r = await signInWithOidc(rt.db, cfg, claims, meta, { session: rt.config.session });
      setCookie(SESSION_COOKIE, r.token, { maxAgeSeconds: rt.config.session.maxAgeMs / 1000 });
      return redirect(done.next);
    } catch (err) {
      const failure = logFailure(rt.log, err, meta.requestId);
      try {
        await recordSsoRefusal(rt.db, cfg, failure, claims, meta);
      } catch (auditErr) {
        rt.log.error("single sign-on: could not record the refusal", { err: String(auditErr), requestId: meta.requestId });
      }
      return toLogin(failure.code);
    }
  },
});
