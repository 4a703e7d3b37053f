// One attempt of one delivery: open the channel's sealed credentials and send
// the stored payload the way the channel's kind wants it. Shared by the
// retrying worker and "send test".
import type { SecretBox } from "../crypto/secret-box";
import type { TChannelKind } from "./channels.types";
import { openChannel, readChannelConfig, type TSealedChannel } from "./channel-secret";
import { postWebhook, type PostOutcome } from "./post-webhook";
import { webhookHeaders } from "./sign-payload";
import { sendEmail } from "./send-email";
import type { TEmailMessage } from "./build-email-message";

export type AttemptOutcome = PostOutcome & {
  /** Retrying cannot help (the credentials cannot be opened, the mail server refused for good): fail the delivery now. */
  permanent: boolean;
};

export type AttemptDeps = { secretBox: SecretBox; fetch: typeof fetch; clock: () => Date; timeoutMs: number };

export type AttemptChannel = { name: string; kind: TChannelKind; config: unknown; secretCiphertext: Uint8Array | null };

const WHAT_IS_SEALED: Record<TChannelKind, string> = { WEBHOOK: "URL", TEAMS: "URL", PAGERDUTY: "routing key", EMAIL: "SMTP password" };

export async function attemptDelivery(deps: AttemptDeps, d: { id: string; event: string; payload: unknown; channel: AttemptChannel }): Promise<AttemptOutcome> {
  const { kind } = d.channel;
  const config = readChannelConfig(d.channel.config);
  let sealed: TSealedChannel | null = null;
  // An email channel without SMTP auth has nothing sealed; every other kind must.
  const needsSealed = kind !== "EMAIL" || config.smtp?.username != null;
  try {
    if (needsSealed) {
      if (!d.channel.secretCiphertext) throw new Error(`no ${WHAT_IS_SEALED[kind]} stored`);
      sealed = openChannel(deps.secretBox, d.channel.secretCiphertext);
    }
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    const what = WHAT_IS_SEALED[kind];
    return {
      ok: false,
      status: null,
      error: `the ${what} of channel ${d.channel.name} cannot be opened (${why}); was TANDEM_SECRET changed? Edit the channel and enter the ${what} again`,
      permanent: true,
    };
  }

  const post = async (url: string, body: unknown, signingSecret?: string): Promise<AttemptOutcome> => {
    // The stored payload is sent as is: a retry carries the very body first built.
    const rawBody = JSON.stringify(body);
    const headers = webhookHeaders({ deliveryId: d.id, event: d.event, rawBody, signingSecret, now: deps.clock() });
    return { ...(await postWebhook(deps.fetch, { url, rawBody, headers, timeoutMs: deps.timeoutMs })), permanent: false };
  };

  switch (kind) {
    case "WEBHOOK":
      return post(sealed!.url ?? "", d.payload, sealed!.signingSecret);
    case "TEAMS":
      // Teams workflows take no signature: the URL (sealed) is the credential.
      return post(sealed!.url ?? "", d.payload);
    case "PAGERDUTY": {
      const event = { routing_key: sealed!.routingKey, ...(d.payload as { dedup_key: string }) };
      const sent = await post(config.eventsUrl, event);
      // A test opens an incident of its own: close it at once, so nobody is left with it.
      if (!sent.ok || d.event !== "test") return sent;
      const resolved = await post(config.eventsUrl, { routing_key: sealed!.routingKey, event_action: "resolve", dedup_key: event.dedup_key });
      return resolved.ok ? sent : { ...resolved, error: `the test incident was opened but not resolved: ${resolved.error}` };
    }
    case "EMAIL":
      if (!config.smtp) return { ok: false, status: null, error: `channel ${d.channel.name} has no SMTP settings; delete it and create it again`, permanent: true };
      return sendEmail(config.smtp, sealed?.password, d.payload as TEmailMessage, { deliveryId: d.id, event: d.event, timeoutMs: deps.timeoutMs });
  }
}
