import { createHmac, timingSafeEqual } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signPayload, webhookHeaders } from "./sign-payload";

const now = new Date("2026-11-26T14:00:00.750Z");
const secret = "a-signing-secret-of-some-length";

/** What a receiver does, written independently of the signer. */
function verify(rawBody: string, headers: Record<string, string>, key: string): boolean {
  const expected = Buffer.from("sha256=" + createHmac("sha256", key).update(`${headers["X-Tandem-Timestamp"]}.${rawBody}`).digest("hex"));
  const got = Buffer.from(headers["X-Tandem-Signature"] ?? "");
  return got.length === expected.length && timingSafeEqual(got, expected);
}

describe("signPayload", () => {
  it("signs '<unix seconds>.<raw body>' with HMAC-SHA256", () => {
    const body = JSON.stringify({ event: "fired", alert: { title: "ünïcode ✓" } });
    const h = signPayload(body, secret, now);
    expect(h["X-Tandem-Timestamp"]).toBe("1795701600");
    expect(h["X-Tandem-Signature"]).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verify(body, h, secret)).toBe(true);
  });

  it("does not verify with another body, timestamp or secret", () => {
    const body = '{"event":"fired"}';
    const h = signPayload(body, secret, now);
    expect(verify('{"event":"resolved"}', h, secret)).toBe(false);
    expect(verify(body, { ...h, "X-Tandem-Timestamp": "1795701601" }, secret)).toBe(false);
    expect(verify(body, h, secret + "x")).toBe(false);
  });
});

describe("webhookHeaders", () => {
  it("always names the delivery and event; signs only with a secret", () => {
    const base = { deliveryId: "d-1", event: "fired", rawBody: "{}", now };
    expect(webhookHeaders(base)).toEqual({ "Content-Type": "application/json", "User-Agent": "Tandem", "X-Tandem-Delivery": "d-1", "X-Tandem-Event": "fired" });
    const signed = webhookHeaders({ ...base, signingSecret: secret });
    expect(verify("{}", signed, secret)).toBe(true);
    expect(signed["X-Tandem-Delivery"]).toBe("d-1");
  });
});
