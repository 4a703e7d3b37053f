import { z } from "zod";
import { ZHaproxyName } from "../loadbalancer/haproxy.types";
import { ZHostState } from "../health/health.types";
import { ZMaintenanceMark } from "../maintenance/maintenance-mark";
import { SERVICE_NAME } from "../agent/service-name";
import { ZFencingLevels } from "../fencing/fencing-levels";

export const GROUP_MODES = ["ACTIVE_PASSIVE", "ACTIVE_ACTIVE"] as const;
export const MEMBER_ROLES = ["PRIMARY", "STANDBY", "ACTIVE"] as const;
export const ADMIN_STATES = ["IN_SERVICE", "DRAINED", "MAINTENANCE", "FENCED"] as const;
export const HOOK_NAMES = ["check", "promote", "demote", "fence", "drain", "enable", "role"] as const;

export const ZGroupMode = z.enum(GROUP_MODES);
export const ZMemberRole = z.enum(MEMBER_ROLES);
export const ZAdminState = z.enum(ADMIN_STATES);
export const ZFailoverPolicy = z.enum(["AUTOMATIC", "MANUAL"]);

export const ZGroupName = z
  .string()
  .trim()
  .min(1, "is required")
  .max(64, "must be at most 64 characters")
  .regex(/^[^\p{Cc}]+$/u, "must not contain control characters");
export const ZGroupDescription = z.string().trim().max(500, "must be at most 500 characters");

// Hooks are commands run on members over SSH: only admins write them, and the
// audit log keeps them in full.
export const ZHookCommand = z.string().trim().min(1, "must not be empty (omit the hook instead)").max(2000, "must be at most 2000 characters").regex(/^[^\0]*$/, "must not contain NUL");
export const ZGroupHooks = z.strictObject({
  check: ZHookCommand.optional(),
  promote: ZHookCommand.optional(),
  demote: ZHookCommand.optional(),
  fence: ZHookCommand.optional(),
  drain: ZHookCommand.optional(),
  enable: ZHookCommand.optional(),
  /** Prints "primary" or "standby": the role probe that catches a fenced old primary claiming to be primary again. */
  role: ZHookCommand.optional(),
});
export type TGroupHooks = z.infer<typeof ZGroupHooks>;

const ZRestoreTimeout = z.number().int("must be a whole number of seconds").min(10, "must be 10-3600").max(3600, "must be 10-3600").default(300);
/**
 * Restoring redundancy (server/restore): the provision hook runs on its own
 * server (a hypervisor, a cloud CLI host) and prints the new server as JSON;
 * the join hook runs on the new server and makes it a standby. Hooks, so admins
 * only. `afterMinutes`: start a restore by itself once the group has stayed
 * AT_RISK or BROKEN that long; null, only when an operator asks.
 */
export const ZGroupRestore = z
  .strictObject({
    provision: z.strictObject({ serverId: z.uuid("must be a server id (UUID)"), command: ZHookCommand, timeoutSeconds: ZRestoreTimeout }).optional(),
    join: z.strictObject({ command: ZHookCommand, timeoutSeconds: ZRestoreTimeout }).optional(),
    afterMinutes: z.number().int("must be a whole number of minutes").min(1, "must be 1-10080 (a week)").max(10080, "must be 1-10080 (a week)").nullable().default(null),
  })
  .refine((r) => r.afterMinutes === null || r.provision !== undefined, { path: ["afterMinutes"], message: "must not be set without a provision hook (nothing to restore with)" });
export type TGroupRestore = z.infer<typeof ZGroupRestore>;

/** A service the primary must run (the agent reports it) and the port a standby probes for the second opinion. */
export const ZCriticalService = z.strictObject({
  name: z.string().regex(SERVICE_NAME, "must be a service name (letters, digits, @ . _ -)"),
  port: z.number().int("must be an integer").min(1, "must be 1-65535").max(65535, "must be 1-65535"),
});
export const ZCriticalServices = z
  .array(ZCriticalService)
  .max(20, "must list at most 20 services")
  .refine((l) => new Set(l.map((s) => s.name)).size === l.length, { message: "must not name a service twice" });
export type TCriticalService = z.infer<typeof ZCriticalService>;

export const ZGroupMemberInput = z.strictObject({
  serverId: z.uuid("must be a server id (UUID)"),
  role: ZMemberRole,
  priority: z.number().int("must be an integer").min(0, "must be 0-1000").max(1000, "must be 0-1000").default(100),
  lbBackendServer: ZHaproxyName.nullable().default(null),
});
export type TGroupMemberInput = z.infer<typeof ZGroupMemberInput>;

const groupFields = {
  name: ZGroupName,
  description: ZGroupDescription,
  mode: ZGroupMode,
  minHealthy: z.number().int("must be an integer").min(1, "must be at least 1").max(1000, "must be at most 1000"),
  failoverPolicy: ZFailoverPolicy,
  detectionThreshold: z.number().int("must be an integer").min(1, "must be 1-20").max(20, "must be 1-20"),
  cooldownSeconds: z.number().int("must be an integer").min(0, "must be 0-86400").max(86400, "must be 0-86400"),
  maxReplicationLagSeconds: z.number().min(0, "must be 0 or more").max(31_536_000, "is too large").nullable(),
  requireFencing: z.boolean(),
  hooks: ZGroupHooks,
  criticalServices: ZCriticalServices,
  fencingLevels: ZFencingLevels,
  restore: ZGroupRestore,
  loadBalancerId: z.uuid("must be a load balancer id (UUID)").nullable(),
  members: z.array(ZGroupMemberInput).min(1, "must list at least one member").max(100, "must list at most 100 members"),
};

export const ZCreateGroupRequest = z.strictObject({
  name: groupFields.name,
  description: groupFields.description.default(""),
  mode: groupFields.mode,
  minHealthy: groupFields.minHealthy.default(1),
  failoverPolicy: groupFields.failoverPolicy.default("MANUAL"),
  detectionThreshold: groupFields.detectionThreshold.default(3),
  cooldownSeconds: groupFields.cooldownSeconds.default(600),
  maxReplicationLagSeconds: groupFields.maxReplicationLagSeconds.default(null),
  requireFencing: groupFields.requireFencing.default(true),
  hooks: groupFields.hooks.default({}),
  criticalServices: groupFields.criticalServices.default([]),
  fencingLevels: groupFields.fencingLevels.default([]),
  restore: groupFields.restore.default({ afterMinutes: null }),
  loadBalancerId: groupFields.loadBalancerId.default(null),
  members: groupFields.members,
});
export type TCreateGroupRequest = z.infer<typeof ZCreateGroupRequest>;

/** Any subset; `members`, when given, replaces the whole list (admin states of kept members are kept). */
export const ZUpdateGroupRequest = z
  .strictObject({
    name: groupFields.name.optional(),
    description: groupFields.description.optional(),
    mode: groupFields.mode.optional(),
    minHealthy: groupFields.minHealthy.optional(),
    failoverPolicy: groupFields.failoverPolicy.optional(),
    detectionThreshold: groupFields.detectionThreshold.optional(),
    cooldownSeconds: groupFields.cooldownSeconds.optional(),
    maxReplicationLagSeconds: groupFields.maxReplicationLagSeconds.optional(),
    requireFencing: groupFields.requireFencing.optional(),
    hooks: groupFields.hooks.optional(),
    criticalServices: groupFields.criticalServices.optional(),
    fencingLevels: groupFields.fencingLevels.optional(),
    /** Replaces the whole setting. */
    restore: groupFields.restore.optional(),
    loadBalancerId: groupFields.loadBalancerId.optional(),
    members: groupFields.members.optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), { message: "must change at least one field" });
export type TUpdateGroupRequest = z.infer<typeof ZUpdateGroupRequest>;

export const ZGroupIdParams = z.object({ id: z.uuid("must be a group id (UUID)") });

export const ZGroupMember = z.object({
  id: z.uuid(),
  serverId: z.uuid(),
  name: z.string(),
  site: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  role: ZMemberRole,
  priority: z.number().int(),
  adminState: ZAdminState,
  lbBackendServer: z.string().nullable(),
  /** What the member is: MAINTENANCE while a window covers it, else its health. */
  state: ZHostState,
  /** Live health (monitoring), or the last persisted one when monitoring is off; never MAINTENANCE. */
  health: ZHostState,
  /** Since when it has had this health (epoch ms). */
  stateSince: z.number(),
  stateReason: z.string().nullable(),
  /** Replication lag in seconds, when the host reports one. */
  lag: z.number().nullable(),
  /** The maintenance window the member is in now (epoch ms). */
  maintenance: ZMaintenanceMark.nullable(),
  /** The group's critical services its agent reports not active. */
  criticalServicesDown: z.array(z.string()),
});
export type TGroupMember = z.infer<typeof ZGroupMember>;

export const ZGroupRedundancy = z.object({
  state: z.enum(["OK", "AT_RISK", "BROKEN"]),
  inService: z.number().int(),
  minHealthy: z.number().int(),
  /** Members that do not count toward redundancy, with every reason (for a standby: why it could not take over now). */
  unavailable: z.array(z.object({ name: z.string(), why: z.string() })),
  drCovered: z.boolean(),
});

export const ZGroup = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  mode: ZGroupMode,
  minHealthy: z.number().int(),
  failoverPolicy: ZFailoverPolicy,
  detectionThreshold: z.number().int(),
  cooldownSeconds: z.number().int(),
  maxReplicationLagSeconds: z.number().nullable(),
  requireFencing: z.boolean(),
  hooks: ZGroupHooks,
  criticalServices: z.array(ZCriticalService),
  fencingLevels: ZFencingLevels,
  restore: ZGroupRestore,
  loadBalancer: z.object({ id: z.uuid(), name: z.string(), kind: z.enum(["HAPROXY", "COMMAND"]) }).nullable(),
  members: z.array(ZGroupMember),
  redundancy: ZGroupRedundancy,
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type TGroup = z.infer<typeof ZGroup>;

export const ZGroupList = z.object({ groups: z.array(ZGroup) });
export type TGroupList = z.infer<typeof ZGroupList>;
