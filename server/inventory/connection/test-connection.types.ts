import { z } from "zod";
import { ZAddress, ZFingerprint, ZPort } from "../servers/servers.types";

export const ZTestConnectionRequest = z.strictObject({
  address: ZAddress,
  port: ZPort,
  credentialId: z.uuid("must be a credential id (UUID)"),
  /** A fingerprint to compare the host key with (e.g. one read on the server's console). */
  expectedFingerprint: ZFingerprint.nullable().optional(),
});
export type TTestConnectionRequest = z.infer<typeof ZTestConnectionRequest>;

export const ZTestConnectionResult = z.object({
  ok: z.boolean(),
  /** The host key the server presented, "SHA256:…"; null when the handshake did not get that far. */
  fingerprint: z.string().nullable(),
  algorithm: z.string().nullable(),
  latencyMs: z.number().nullable(),
  error: z.string().nullable(),
  /** Null when there was nothing to compare with. */
  hostKeyMatches: z.boolean().nullable(),
});
export type TTestConnectionResult = z.infer<typeof ZTestConnectionResult>;

export const ZServerTestConnectionResult = ZTestConnectionResult.extend({
  pinnedFingerprint: z.string().nullable(),
  /** No key is pinned and one was seen: PATCH the server with hostKeyFingerprint to pin it. */
  canPin: z.boolean(),
});
export type TServerTestConnectionResult = z.infer<typeof ZServerTestConnectionResult>;
