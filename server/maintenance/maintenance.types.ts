// Contracts of maintenance windows: what operators plan (one-off or recurring,
// anchored to an IANA timezone), what the API shows (occurrences, state), the
// impact preview, and ending or cancelling a window.
import { z } from "zod";

/** Which servers a window covers: the union of the lists (servers named, every server of the sites, tags and groups). */
export const ZWindowScope = z
  .object({
    serverIds: z.array(z.uuid()).max(1000).default([]),
    groupIds: z.array(z.uuid()).max(200).default([]),
    siteIds: z.array(z.uuid()).max(100).default([]),
    tags: z.array(z.string().trim().min(1).max(64)).max(50).default([]),
  })
  .strict();
export type TWindowScope = z.infer<typeof ZWindowScope>;

/** An IANA zone the runtime knows (Intl rejects the rest). */
export const ZTimeZone = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat("en", { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, "must be an IANA time zone such as Europe/Berlin");

/** A wall-clock time in the window's zone, minute precision: "2026-12-01T02:30". */
export const ZLocalDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, "must be a local date and time like 2026-12-01T02:30");

/**
 * RFC 5545 RRULE body, the subset maintenance needs: FREQ=DAILY|WEEKLY|MONTHLY,
 * INTERVAL, BYDAY (weekly: MO,WE; monthly: 2TU, -1FR), BYMONTHDAY (15, -1),
 * BYSETPOS, COUNT, UNTIL (UTC, ...Z). Checked in depth by occurrences.ts.
 */
export const ZRrule = z
  .string()
  .trim()
  .max(300)
  .regex(/^(RRULE:)?[A-Z]+=[^;\s]+(;[A-Z]+=[^;\s]+)*$/, "must be an RRULE such as FREQ=WEEKLY;BYDAY=TU,TH");

const ZTitle = z.string().trim().min(1, "is required").max(120).regex(/^[^\p{Cc}]+$/u, "must not contain control characters");

const windowFields = {
  title: ZTitle,
  description: z.string().trim().max(2000).default(""),
  scope: ZWindowScope,
  /** The first occurrence's start, as a wall-clock time in `timezone`. */
  start: ZLocalDateTime,
  timezone: ZTimeZone,
  durationMinutes: z.number().int().min(5, "must be at least 5 minutes").max(7 * 24 * 60, "must be at most 7 days"),
  rrule: ZRrule.nullable().default(null),
  suppressAlerts: z.boolean().default(true),
  blockFailover: z.boolean().default(true),
  drainMembers: z.boolean().default(false),
  /** Required when the window would break a group (below its minimum): why that is acceptable. */
  overrideReason: z.string().trim().min(10, "must say why, in at least 10 characters").max(500).nullable().default(null),
};

export const ZCreateWindowRequest = z
  .object(windowFields)
  .strict()
  .refine((v) => v.scope.serverIds.length + v.scope.groupIds.length + v.scope.siteIds.length + v.scope.tags.length > 0, { path: ["scope"], message: "must name at least one server, group, site or tag" });
export type TCreateWindowRequest = z.infer<typeof ZCreateWindowRequest>;

export const ZUpdateWindowRequest = z
  .object({
    title: windowFields.title.optional(),
    description: z.string().trim().max(2000).optional(),
    scope: ZWindowScope.optional(),
    start: ZLocalDateTime.optional(),
    timezone: ZTimeZone.optional(),
    durationMinutes: windowFields.durationMinutes.optional(),
    rrule: ZRrule.nullable().optional(),
    suppressAlerts: z.boolean().optional(),
    blockFailover: z.boolean().optional(),
    drainMembers: z.boolean().optional(),
    overrideReason: z.string().trim().min(10, "must say why, in at least 10 characters").max(500).nullable().optional(),
  })
  .strict()
  .refine((v) => Object.values(v).some((x) => x !== undefined), { message: "must change at least one field" });
export type TUpdateWindowRequest = z.infer<typeof ZUpdateWindowRequest>;

export const ZCancelWindowRequest = z.object({ reason: z.string().trim().min(1, "is required").max(500) }).strict();
export const ZEndWindowRequest = z.object({ reason: z.string().trim().max(500).default("") }).strict();

export const ZOccurrence = z.object({ start: z.iso.datetime(), end: z.iso.datetime() });
export type TOccurrence = z.infer<typeof ZOccurrence>;

export const WINDOW_STATUSES = ["scheduled", "active", "ended", "cancelled"] as const;

const ZRef = z.object({ id: z.uuid(), name: z.string() });

export const ZWindow = z.object({
  id: z.uuid(),
  title: z.string(),
  description: z.string(),
  scope: ZWindowScope,
  /** Names for the scope's ids, for display. */
  scopeNames: z.object({ servers: z.array(ZRef), groups: z.array(ZRef), sites: z.array(ZRef) }),
  start: ZLocalDateTime,
  timezone: z.string(),
  durationMinutes: z.number().int(),
  rrule: z.string().nullable(),
  /** "Every week on Tuesday and Thursday", for people. */
  recurrenceText: z.string(),
  suppressAlerts: z.boolean(),
  blockFailover: z.boolean(),
  drainMembers: z.boolean(),
  overrideReason: z.string().nullable(),
  status: z.enum(WINDOW_STATUSES),
  /** The occurrence running now (ended early: its end is when it was ended). */
  activeOccurrence: ZOccurrence.nullable(),
  nextOccurrence: ZOccurrence.nullable(),
  /** Servers in scope now. */
  serverCount: z.number().int(),
  cancelledAt: z.iso.datetime().nullable(),
  createdBy: z.string(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type TWindow = z.infer<typeof ZWindow>;

export const ZWindowListQuery = z.object({
  /** Occurrences in [from, to] are listed per window (the calendar); default: the next 31 days. */
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  serverId: z.uuid().optional(),
  groupId: z.uuid().optional(),
  includeCancelled: z.enum(["true", "false"]).transform((v) => v === "true").optional(),
});
export type TWindowListQuery = z.infer<typeof ZWindowListQuery>;

export const ZWindowList = z.object({
  windows: z.array(ZWindow.extend({ occurrences: z.array(ZOccurrence) })),
  from: z.iso.datetime(),
  to: z.iso.datetime(),
});
export type TWindowList = z.infer<typeof ZWindowList>;

export const ZWindowIdParams = z.object({ id: z.uuid() });

/** What a window would do, before it is saved. */
export const ZWindowImpact = z.object({
  /** The next occurrences (at most 10), in UTC; the UI shows them in both zones. */
  occurrences: z.array(ZOccurrence),
  servers: z.array(ZRef),
  groups: z.array(
    z.object({
      id: z.uuid(),
      name: z.string(),
      minHealthy: z.number().int(),
      /** Redundancy now and while the window runs (its members in scope out of service). */
      now: z.enum(["OK", "AT_RISK", "BROKEN"]),
      during: z.enum(["OK", "AT_RISK", "BROKEN"]),
      inServiceDuring: z.number().int(),
      membersInScope: z.array(z.string()),
    }),
  ),
  overlaps: z.array(z.object({ id: z.uuid(), title: z.string(), occurrence: ZOccurrence, sharedServers: z.number().int() })),
  /** Some group would be BROKEN: saving needs overrideReason. */
  needsOverride: z.boolean(),
  warnings: z.array(z.string()),
});
export type TWindowImpact = z.infer<typeof ZWindowImpact>;
/** The preview takes a draft like create does, and the id of the window being edited (excluded from overlaps). */
export const ZWindowPreviewRequest = z.object({ draft: ZCreateWindowRequest, windowId: z.uuid().optional() }).strict();
