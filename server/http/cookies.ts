export function parseCookies(header: string | null): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const part of header.split(";")) {
    const i = part.indexOf("=");
    if (i < 0) continue;
    const name = part.slice(0, i).trim();
    if (!name || out.has(name)) continue;
    try {
      out.set(name, decodeURIComponent(part.slice(i + 1).trim()));
    } catch {
      /* a malformed cookie is ignored, not fatal */
    }
  }
  return out;
}

export type CookieOptions = { maxAgeSeconds?: number; expires?: Date; secure: boolean; httpOnly?: boolean; sameSite?: "Lax" | "Strict"; path?: string };

export function serializeCookie(name: string, value: string, o: CookieOptions): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, `Path=${o.path ?? "/"}`, `SameSite=${o.sameSite ?? "Lax"}`];
  if (o.httpOnly ?? true) parts.push("HttpOnly");
  if (o.secure) parts.push("Secure");
  if (o.maxAgeSeconds !== undefined) parts.push(`Max-Age=${Math.floor(o.maxAgeSeconds)}`);
  if (o.expires) parts.push(`Expires=${o.expires.toUTCString()}`);
  return parts.join("; ");
}
