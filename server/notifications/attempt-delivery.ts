// One attempt of one delivery: open the channel's sealed URL, sign the stored
// payload, POST it. Shared by the retrying worker and "send test".
import type { SecretBox } from "../crypto/secret-box";
import { openChannel } from "./channel-secret";
import { postWebhook, type PostOutcome } from "./post-webhook";
import { webhookHeaders } from "./sign-payload";

export type AttemptOutcome = PostOutcome & {
  /** Retrying cannot help (the URL cannot be opened): fail the delivery now. */
  permanent: boolean;
};

export type AttemptDeps = { secretBox: SecretBox; fetch: typeof fetch; clock: () => Date; timeoutMs: number };

export async function attemptDelivery(
  deps: AttemptDeps,
  d: { id: string; event: string; payload: unknown; channel: { name: string; secretCiphertext: Uint8Array | null } },
): Promise<AttemptOutcome> {
  let target;
  try {
    if (!d.channel.secretCiphertext) throw new Error("no URL stored");
    target = openChannel(deps.secretBox, d.channel.secretCiphertext);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return {
      ok: false,
      status: null,
      error: `the URL of channel ${d.channel.name} cannot be opened (${why}); was TANDEM_SECRET changed? Edit the channel and enter the URL again`,
      permanent: true,
    };
  }
  // The stored payload is sent as is: a retry carries the very body first built.
  const rawBody = JSON.stringify(d.payload);
  const headers = webhookHeaders({ deliveryId: d.id, event: d.event, rawBody, signingSecret: target.signingSecret, now: deps.clock() });
  const outcome = await postWebhook(deps.fetch, { url: target.url, rawBody, headers, timeoutMs: deps.timeoutMs });
  return { ...outcome, permanent: false };
}
