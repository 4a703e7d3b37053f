// Webhook request headers, and the signature receivers use to check a request
// came from this Tandem and was not replayed later.
//
// Signing (when the channel has a signing secret):
//   X-Tandem-Timestamp: <unix seconds when the request was sent>
//   X-Tandem-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>
// A receiver recomputes the HMAC over the raw request body exactly as received
// (before any JSON parsing), compares with crypto.timingSafeEqual, and rejects
// timestamps more than a few minutes old. The timestamp is signed too, so it
// cannot be moved forward to replay an old body.
import { createHmac } from "node:crypto";

export const SIGNATURE_HEADER = "X-Tandem-Signature";
export const TIMESTAMP_HEADER = "X-Tandem-Timestamp";

export function signPayload(rawBody: string, secret: string, now: Date): Record<string, string> {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  const mac = createHmac("sha256", secret).update(`${timestamp}.${rawBody}`).digest("hex");
  return { [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: `sha256=${mac}` };
}

export function webhookHeaders(o: { deliveryId: string; event: string; rawBody: string; signingSecret?: string | undefined; now: Date }): Record<string, string> {
  return {
    "Content-Type": "application/json",
    "User-Agent": "Tandem",
    "X-Tandem-Delivery": o.deliveryId,
    "X-Tandem-Event": o.event,
    ...(o.signingSecret ? signPayload(o.rawBody, o.signingSecret, o.now) : {}),
  };
}
