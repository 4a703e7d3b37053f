import type { SsoErrorCode } from "@/server/auth/oidc/sso-error";

// Fixed sentences: the login page never shows text from the URL or the IdP.
const MESSAGES: Record<SsoErrorCode, string> = {
  unavailable: "The identity provider could not be reached. Try again later, or sign in with a local account.",
  state: "That sign-in expired or was not started here. Please try again.",
  idp: "The identity provider did not sign you in.",
  exchange: "The identity provider's answer could not be verified. Try again; if it keeps failing, tell an administrator.",
  claims: "The identity provider did not send your email address, which Tandem needs. Tell an administrator.",
  role: "Your account is not in a group that may use Tandem. Ask an administrator for access.",
  disabled: "Your Tandem account is disabled.",
  conflict: "A Tandem account with your email address already exists and is not linked to single sign-on. Ask an administrator.",
  off: "Single sign-on is not configured on this Tandem.",
  failed: "Single sign-on failed. Try again; if it keeps failing, tell an administrator.",
};

export function ssoErrorMessage(code: string | string[] | undefined): string | null {
  if (typeof code !== "string") return null;
  return Object.hasOwn(MESSAGES, code) ? MESSAGES[code as SsoErrorCode] : MESSAGES.failed;
}
