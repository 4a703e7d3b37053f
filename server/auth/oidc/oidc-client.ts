// The OpenID Connect side of single sign-on: discovery (cached), the
// authorization URL with PKCE, state and nonce, and the code exchange with ID
// token verification. Knows nothing of users or sessions (sign-in-with-oidc.ts).
import * as client from "openid-client";
import type { OidcConfig } from "../../config";
import type { SecretBox } from "../../crypto/secret-box";
import { SsoError } from "./sso-error";

/** The transaction a sign-in carries from /login to /callback, sealed in a short-lived cookie. */
type PendingLogin = { state: string; nonce: string; verifier: string; redirectUri: string; next: string; exp: number };

export const OIDC_STATE_COOKIE = "tandem_oidc";
export const OIDC_STATE_TTL_S = 600;

let discovered: { key: string; config: Promise<client.Configuration> } | undefined;

/** Discovery once per issuer and client; a failure is not cached, so the next sign-in retries. */
export function oidcConfiguration(cfg: OidcConfig): Promise<client.Configuration> {
  const key = JSON.stringify([cfg.issuer, cfg.clientId, cfg.clientSecret ?? ""]);
  if (discovered?.key === key) return discovered.config;
  const config = client
    .discovery(
      new URL(cfg.issuer),
      cfg.clientId,
      cfg.clientSecret,
      cfg.clientSecret ? client.ClientSecretBasic(cfg.clientSecret) : client.None(),
      { timeout: 10, ...(cfg.allowHttp ? { execute: [client.allowInsecureRequests] } : {}) },
    )
    .catch((err: unknown) => {
      if (discovered?.config === config) discovered = undefined;
      throw new SsoError("unavailable", `OpenID discovery at ${cfg.issuer} failed`, { cause: err });
    });
  discovered = { key, config };
  return config;
}

export async function buildLoginRedirect(
  cfg: OidcConfig,
  box: SecretBox,
  input: { redirectUri: string; next: string; now?: Date },
): Promise<{ url: string; cookie: string }> {
  const config = await oidcConfiguration(cfg);
  const pending: PendingLogin = {
    state: client.randomState(),
    nonce: client.randomNonce(),
    verifier: client.randomPKCECodeVerifier(),
    redirectUri: input.redirectUri,
    next: input.next,
    exp: (input.now ?? new Date()).getTime() + OIDC_STATE_TTL_S * 1000,
  };
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: pending.redirectUri,
    scope: cfg.scopes,
    response_type: "code",
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: await client.calculatePKCECodeChallenge(pending.verifier),
    code_challenge_method: "S256",
  });
  return { url: url.href, cookie: box.seal(JSON.stringify(pending)).toString("base64url") };
}

function openPending(box: SecretBox, cookie: string | undefined, now: Date): PendingLogin {
  if (!cookie) throw new SsoError("state", "no sign-in in progress (state cookie missing)");
  let pending: PendingLogin;
  try {
    pending = JSON.parse(box.open(Buffer.from(cookie, "base64url"))) as PendingLogin;
  } catch (err) {
    throw new SsoError("state", "the state cookie does not open", { cause: err });
  }
  if (typeof pending.exp !== "number" || pending.exp < now.getTime()) throw new SsoError("state", "the sign-in took too long (state expired)");
  return pending;
}

/**
 * Checks the IdP's answer against the pending sign-in and exchanges the code.
 * Returns the verified ID token's claims, completed from the userinfo endpoint
 * when the ID token lacks the email or the group claim (many IdPs put them there only).
 */
export async function completeLogin(
  cfg: OidcConfig,
  box: SecretBox,
  input: { callbackUrl: URL; cookie: string | undefined; now?: Date },
): Promise<{ claims: Record<string, unknown>; next: string }> {
  const pending = openPending(box, input.cookie, input.now ?? new Date());
  const idpError = input.callbackUrl.searchParams.get("error");
  if (idpError) {
    const description = input.callbackUrl.searchParams.get("error_description");
    throw new SsoError("idp", `the identity provider answered ${idpError}${description ? `: ${description}` : ""}`.slice(0, 300));
  }
  if (input.callbackUrl.searchParams.get("state") !== pending.state) throw new SsoError("state", "state does not match the sign-in in progress");

  // The token request must name the redirect URI exactly as the authorization request did.
  const current = new URL(pending.redirectUri);
  current.search = input.callbackUrl.search;
  const config = await oidcConfiguration(cfg);
  let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
  try {
    tokens = await client.authorizationCodeGrant(config, current, {
      pkceCodeVerifier: pending.verifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
  } catch (err) {
    throw new SsoError(isNetworkError(err) ? "unavailable" : "exchange", `code exchange failed: ${(err as Error).message}`, { cause: err });
  }
  const idClaims = tokens.claims() as Record<string, unknown> | undefined;
  if (!idClaims) throw new SsoError("exchange", "the identity provider sent no ID token");

  let claims = idClaims;
  const userinfoEndpoint = config.serverMetadata().userinfo_endpoint;
  if ((idClaims.email === undefined || idClaims[cfg.roleClaim.split(".")[0]!] === undefined) && userinfoEndpoint && tokens.access_token) {
    try {
      const info = await client.fetchUserInfo(config, tokens.access_token, String(idClaims.sub));
      // The verified ID token has the last word on anything both carry.
      claims = { ...info, ...idClaims };
    } catch (err) {
      throw new SsoError(isNetworkError(err) ? "unavailable" : "exchange", `userinfo failed: ${(err as Error).message}`, { cause: err });
    }
  }
  return { claims, next: pending.next };
}

function isNetworkError(err: unknown): boolean {
  const e = err as { name?: string; cause?: { code?: string } } | null;
  return e?.name === "TypeError" || e?.name === "TimeoutError" || e?.name === "AbortError" || typeof e?.cause?.code === "string";
}
