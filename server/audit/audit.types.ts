import { z } from "zod";

export const ZAuditEvent = z.object({
  id: z.string(),
  at: z.iso.datetime(),
  actor: z.object({ userId: z.string().nullable(), label: z.string() }),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  requestId: z.string().nullable(),
  details: z.unknown(),
});
export type TAuditEvent = z.infer<typeof ZAuditEvent>;

export const ZAuditQuery = z.object({
  actor: z.string().trim().max(254).optional().describe("Email (or part of it) of who acted, or 'system'"),
  action: z.string().trim().max(100).optional().describe("Action prefix, e.g. 'user.' or 'auth.login'"),
  targetType: z.string().trim().max(50).optional(),
  targetId: z.string().trim().max(100).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  before: z.string().regex(/^\d+$/, "must be an event id").optional().describe("Cursor: events older than this id"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type TAuditQuery = z.infer<typeof ZAuditQuery>;

export const ZAuditPage = z.object({ events: z.array(ZAuditEvent), nextBefore: z.string().nullable() });
export type TAuditPage = z.infer<typeof ZAuditPage>;
