/**
 * Where to go after signing in: the `next` parameter only when it is a path on
 * this site. "//evil.example" and "/\evil.example" are other sites to a
 * browser, so both are refused, as is anything not starting with "/".
 */
export function safeNext(next: string | string[] | undefined | null, fallback = "/fleet"): string {
  if (typeof next !== "string") return fallback;
  if (!next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return fallback;
  // Control characters (a newline, a tab) have no place in a path we redirect to.
  if (/[\u0000-\u001f\u007f]/.test(next)) return fallback;
  return next;
}
