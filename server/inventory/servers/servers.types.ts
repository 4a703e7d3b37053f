import { z } from "zod";
import { ZMaintenanceMarkIso } from "../../maintenance/maintenance-mark";
import {
  FINGERPRINT_PATTERN,
  HOST_KEY_ALGORITHM_PATTERN,
  LAG_PROBE_MAX_LENGTH,
  MAX_POLL_INTERVAL_MS,
  MAX_SERVICES,
  MAX_TAGS,
  MIN_POLL_INTERVAL_MS,
  SERVER_NAME_PATTERN,
  SERVICE_NAME_PATTERN,
  TAG_MAX_LENGTH,
  TAG_PATTERN,
  dedupe,
  isValidAddress,
} from "./server-rules";

export const HOST_STATES = ["UNKNOWN", "UP", "DEGRADED", "UNREACHABLE", "DOWN", "AGENT_ERROR", "MAINTENANCE"] as const;
export const ZHostState = z.enum(HOST_STATES);
export type THostState = z.infer<typeof ZHostState>;
export const AGENT_MODES = ["STREAM", "EXEC"] as const;
export const ZAgentMode = z.enum(AGENT_MODES);

export const ZServerName = z
  .string()
  .trim()
  .regex(SERVER_NAME_PATTERN, "must start with a letter or digit and use only letters, digits, '.', '_' and '-' (63 characters at most)");
export const ZAddress = z.string().trim().max(253, "must be at most 253 characters").refine(isValidAddress, "must be a host name or an IPv4/IPv6 address (no brackets)");
export const ZPort = z.number().int("must be a whole number").min(1, "must be 1-65535").max(65535, "must be 1-65535");
export const ZTag = z
  .string()
  .max(TAG_MAX_LENGTH, `must be at most ${TAG_MAX_LENGTH} characters`)
  .regex(TAG_PATTERN, "must be lower case letters, digits, ':', '.', '_' or '-', starting with a letter or digit");
const ZTags = z.array(ZTag).max(MAX_TAGS, `must be at most ${MAX_TAGS} tags`).transform(dedupe);
const ZServices = z
  .array(z.string().regex(SERVICE_NAME_PATTERN, "must be a unit or process name: letters, digits, '@', '.', '_', '-', not starting with '-'"))
  .max(MAX_SERVICES, `must be at most ${MAX_SERVICES} services`)
  .transform(dedupe);
const ZPollInterval = z
  .number()
  .int("must be a whole number of milliseconds")
  .min(MIN_POLL_INTERVAL_MS, `must be at least ${MIN_POLL_INTERVAL_MS} ms`)
  .max(MAX_POLL_INTERVAL_MS, `must be at most ${MAX_POLL_INTERVAL_MS} ms (one hour)`)
  .nullable();
/** A command run on the server by the agent (passed single-quoted); admins only. Empty clears it. */
const ZLagProbe = z
  .string()
  .max(LAG_PROBE_MAX_LENGTH, `must be at most ${LAG_PROBE_MAX_LENGTH} characters`)
  .refine((s) => !s.includes("\0"), "must not contain NUL characters")
  .transform((s) => (s.trim() === "" ? null : s))
  .nullable();
export const ZFingerprint = z.string().trim().regex(FINGERPRINT_PATTERN, 'must be "SHA256:" followed by 43 base64 characters, as ssh-keygen -l prints it');
const ZHostKeyAlgorithm = z.string().regex(HOST_KEY_ALGORITHM_PATTERN, "must be an SSH key algorithm name, e.g. ssh-ed25519");
const ZDescription = z.string().trim().max(500, "must be at most 500 characters");

const ref = z.object({ id: z.uuid(), name: z.string() });

export const ZServer = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  address: z.string(),
  port: z.number().int(),
  site: ref.nullable(),
  credential: ref.nullable(),
  tags: z.array(z.string()),
  enabled: z.boolean(),
  /** Null: the default interval (effectivePollIntervalMs). */
  pollIntervalMs: z.number().int().nullable(),
  effectivePollIntervalMs: z.number().int(),
  agentMode: ZAgentMode,
  services: z.array(z.string()),
  lagProbe: z.string().nullable(),
  hostKeyFingerprint: z.string().nullable(),
  hostKeyAlgorithm: z.string().nullable(),
  /** What the server is: MAINTENANCE while a maintenance window covers it, else its health. */
  state: ZHostState,
  /** Its live health, in a window or not (never MAINTENANCE): whether it answers. */
  health: ZHostState,
  /** Since when it has had this health, and why. */
  stateSince: z.iso.datetime(),
  stateReason: z.string().nullable(),
  /** The maintenance window it is in now: which, and until when. */
  maintenance: ZMaintenanceMarkIso.nullable(),
  lastSampleAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type TServer = z.infer<typeof ZServer>;

export const ZServerDetail = ZServer.extend({ lastSample: z.unknown().nullable() });
export type TServerDetail = z.infer<typeof ZServerDetail>;

export const ZServerList = z.object({ servers: z.array(ZServer) });

// Repeatable query parameters arrive as a string or an array; a union keeps the
// error path at the parameter itself (query.state, not query.state.0).
const repeatable = <T extends z.ZodType<string>>(item: T, max: number) =>
  z.union([item, z.array(item).max(max)]).transform((v): z.output<T>[] => (Array.isArray(v) ? v : [v]));

export const ZServerListQuery = z.object({
  q: z.string().trim().max(200).optional().describe("Part of the name or address (case-insensitive)"),
  site: z.union([z.uuid(), z.literal("none")]).optional().describe("Site id, or 'none' for servers without a site"),
  tag: repeatable(ZTag, MAX_TAGS).optional().describe("Repeatable: servers carrying every tag given"),
  state: repeatable(ZHostState, HOST_STATES.length).optional().describe("Repeatable: servers in any of these states (MAINTENANCE: in a running window)"),
  health: repeatable(ZHostState, HOST_STATES.length).optional().describe("Repeatable: servers whose live health is any of these (in a window or not)"),
});
export type TServerListQuery = z.infer<typeof ZServerListQuery>;

/** What create and update both accept, each optional; they differ in name, address and the pin. Strict: `.extend` keeps that. */
const ZServerFields = z.strictObject({
  description: ZDescription.optional(),
  port: ZPort.optional(),
  siteId: z.uuid("must be a site id (UUID)").nullable().optional(),
  credentialId: z.uuid("must be a credential id (UUID)").nullable().optional(),
  tags: ZTags.optional(),
  enabled: z.boolean().optional(),
  pollIntervalMs: ZPollInterval.optional(),
  agentMode: ZAgentMode.optional(),
  services: ZServices.optional(),
  lagProbe: ZLagProbe.optional(),
  hostKeyAlgorithm: ZHostKeyAlgorithm.nullable().optional(),
});

export const ZCreateServerRequest = ZServerFields.extend({
  name: ZServerName,
  address: ZAddress,
  /** A preset pin; otherwise the first connection records the key it sees. */
  hostKeyFingerprint: ZFingerprint.nullable().optional(),
}).superRefine((v, ctx) => {
  if (v.hostKeyAlgorithm && !v.hostKeyFingerprint) ctx.addIssue({ code: "custom", path: ["hostKeyAlgorithm"], message: "goes with hostKeyFingerprint" });
});
export type TCreateServerRequest = z.infer<typeof ZCreateServerRequest>;

export const ZUpdateServerRequest = ZServerFields.extend({
  name: ZServerName.optional(),
  address: ZAddress.optional(),
  /** Pins this host key (e.g. the one a connection test saw). */
  hostKeyFingerprint: ZFingerprint.optional(),
  /** Forgets the pinned host key; the next connection records the key it sees. Never implied by an address change. */
  resetHostKey: z.boolean().optional(),
}).superRefine((v, ctx) => {
  if (Object.values(v).every((x) => x === undefined)) ctx.addIssue({ code: "custom", path: [], message: "must change at least one field" });
  if (v.resetHostKey && v.hostKeyFingerprint !== undefined) ctx.addIssue({ code: "custom", path: ["resetHostKey"], message: "cannot be combined with a new hostKeyFingerprint" });
  if (v.hostKeyAlgorithm && v.hostKeyFingerprint === undefined) ctx.addIssue({ code: "custom", path: ["hostKeyAlgorithm"], message: "goes with hostKeyFingerprint" });
});
export type TUpdateServerRequest = z.infer<typeof ZUpdateServerRequest>;

export const ZServerIdParams = z.object({ id: z.uuid("must be a server id (UUID)") });
