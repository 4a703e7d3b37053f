// One POST to a webhook receiver, never throwing: the outcome is what the
// delivery log records. Redirects are not followed (a redirect could carry the
// signed body somewhere the admin did not choose); at most 2 KB of an error
// response is read, so a hostile receiver cannot make Tandem buffer megabytes.
export type PostOutcome = { ok: boolean; status: number | null; error: string | null };

const MAX_ERROR_BODY = 2048;

export async function postWebhook(
  fetchFn: typeof fetch,
  o: { url: string; rawBody: string; headers: Record<string, string>; timeoutMs: number },
): Promise<PostOutcome> {
  let res: Response;
  try {
    res = await fetchFn(o.url, { method: "POST", body: o.rawBody, headers: o.headers, redirect: "manual", signal: AbortSignal.timeout(o.timeoutMs) });
  } catch (e) {
    return { ok: false, status: null, error: requestError(e, o.timeoutMs) };
  }
  if (res.status >= 200 && res.status < 300) {
    await res.body?.cancel().catch(() => undefined);
    return { ok: true, status: res.status, error: null };
  }
  if (res.status >= 300 && res.status < 400) {
    await res.body?.cancel().catch(() => undefined);
    return { ok: false, status: res.status, error: `HTTP ${res.status}: redirects are not followed (Location: ${res.headers.get("location") ?? "none"}); use the final URL` };
  }
  const text = await readAtMost(res, MAX_ERROR_BODY);
  return { ok: false, status: res.status, error: `HTTP ${res.status}${res.statusText ? " " + res.statusText : ""}${text ? `: ${text}` : ""}` };
}

function requestError(e: unknown, timeoutMs: number): string {
  const err = e as Error & { cause?: { code?: string; message?: string } };
  if (err?.name === "TimeoutError" || err?.name === "AbortError") return `no response within ${timeoutMs} ms`;
  const cause = err?.cause?.code ?? err?.cause?.message;
  return `request failed: ${err?.message ?? String(e)}${cause ? ` (${cause})` : ""}`;
}

async function readAtMost(res: Response, max: number): Promise<string> {
  if (!res.body) return "";
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < max) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
    }
  } catch {
    // A body cut off mid-way still explains something; keep what arrived.
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  const text = Buffer.concat(chunks).subarray(0, max).toString("utf8").trim();
  return size > max ? `${text}…` : text;
}
