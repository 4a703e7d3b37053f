// CSRF defence for cookie-authenticated mutations (OWASP: verify the origin
// with standard headers). Browsers send Sec-Fetch-Site and Origin on every
// cross-site POST, so a cross-site request is always recognised; the session
// cookie is also SameSite=Lax and mutations must be JSON (no simple form post).
import { AppError } from "../errors/app-error";
import { requestProto } from "./request-meta";

export function expectedOrigin(headers: Headers, publicUrl: string | undefined, trustProxy: boolean): string | null {
  if (publicUrl) return new URL(publicUrl).origin;
  const host = (trustProxy && headers.get("x-forwarded-host")) || headers.get("host");
  return host ? `${requestProto(headers, trustProxy)}://${host}` : null;
}

/**
 * @param allowUnmarked accept a request with neither Sec-Fetch-Site nor Origin
 *   (a script, not a browser); used only where no session cookie is involved.
 */
export function checkSameOrigin(headers: Headers, opts: { publicUrl: string | undefined; trustProxy: boolean; allowUnmarked: boolean }): void {
  const site = headers.get("sec-fetch-site");
  const origin = headers.get("origin");
  if (site && site !== "same-origin" && site !== "none") {
    throw new AppError("CSRF", `Cross-site request refused (Sec-Fetch-Site: ${site})`);
  }
  if (origin && origin !== "null") {
    const expected = expectedOrigin(headers, opts.publicUrl, opts.trustProxy);
    if (origin !== expected) throw new AppError("CSRF", `Cross-origin request refused: Origin ${origin} is not ${expected}`);
    return;
  }
  if (site) return;
  if (!opts.allowUnmarked) {
    throw new AppError("CSRF", "A cookie-authenticated change needs an Origin header; scripts should use an API token (Authorization: Bearer)");
  }
}
