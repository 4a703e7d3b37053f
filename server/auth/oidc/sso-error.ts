// Why a single sign-on attempt ended without a session. The code travels to the
// login page (/login?sso_error=<code>), which shows a fixed sentence for it, so
// nothing the IdP or an attacker wrote is ever rendered; the detail goes to the
// audit log and the server log.
export const SSO_ERROR_CODES = ["unavailable", "state", "idp", "exchange", "claims", "role", "disabled", "conflict", "off", "failed"] as const;
export type SsoErrorCode = (typeof SSO_ERROR_CODES)[number];

export class SsoError extends Error {
  override name = "SsoError";
  constructor(
    readonly code: SsoErrorCode,
    /** For the audit log and the server log, not for the browser. */
    readonly detail: string,
    opts: { cause?: unknown } = {},
  ) {
    super(detail, opts.cause === undefined ? undefined : { cause: opts.cause });
  }
}
