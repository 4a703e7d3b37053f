// Restoring redundancy: the request that starts it, what a provision hook must
// print, and the params of each step (what ran is kept with the operation).
import { z } from "zod";
import { ZAddress, ZFingerprint, ZPort, ZServerName } from "../inventory/servers/servers.types";

export const ZStartRestoreRequest = z.strictObject({
  reason: z.string().trim().min(1, "must not be empty").max(500, "must be at most 500 characters").optional(),
  ticketRef: z.string().trim().min(1).max(100, "must be at most 100 characters").optional(),
  /** Restore even though the group is OK (one more member than it needs). */
  force: z.boolean().optional(),
});
export type TStartRestoreRequest = z.infer<typeof ZStartRestoreRequest>;

/**
 * The provision hook's last line of stdout. Strict: a misspelt field
 * (`fingerprint`) is an error, never a silent first-sight pin.
 */
export const ZProvisionOutput = z.strictObject({
  name: ZServerName,
  address: ZAddress,
  port: ZPort.optional(),
  /** Must be the login of the credential the new server is registered with (the primary's). */
  username: z.string().min(1).max(64).optional(),
  /** Pinned at once; without it the first connection's key is pinned, as for any new server. */
  hostKeyFingerprint: ZFingerprint.optional(),
  /** A site's name in Tandem; default: the site Tandem asked for (TANDEM_SITE). */
  site: z.string().trim().min(1).max(64).optional(),
});
export type TProvisionOutput = z.infer<typeof ZProvisionOutput>;

const ZHookEnv = z.record(z.string(), z.string());
export const ZProvisionParams = z.object({ groupId: z.uuid(), command: z.string(), env: ZHookEnv });
export const ZRegisterParams = z.object({
  groupId: z.uuid(),
  groupName: z.string(),
  provisionServerId: z.uuid(),
  credentialId: z.uuid().nullable(),
  /** The member whose settings (services, tags, poll interval) the new server copies: the lost one, else the primary. */
  templateServerId: z.uuid(),
  siteId: z.uuid().nullable(),
});
export const ZGroupParams = z.object({ groupId: z.uuid() });
export const ZHealthParams = z.object({ groupId: z.uuid(), criticalServices: z.array(z.string()) });
export const ZJoinParams = z.object({ groupId: z.uuid(), command: z.string(), env: ZHookEnv });
export const ZAddMemberParams = z.object({ groupId: z.uuid(), role: z.enum(["STANDBY", "ACTIVE"]), priority: z.int().min(0).max(1000), lbBackend: z.boolean() });

/** Kept in the plan's meta: what the restore set out to do. */
export const ZRestoreMeta = z.object({
  lost: z.object({ serverId: z.uuid(), name: z.string() }).nullable(),
  site: z.string().nullable(),
  nameHint: z.string(),
  provisionOn: z.string(),
});
export type TRestoreMeta = z.infer<typeof ZRestoreMeta>;
