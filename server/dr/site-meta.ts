// What a site operation keeps with its plan (Operation.plan.meta), and its steps'
// parameters: stage steps move groups, hook steps run a stage's pre/post hook,
// a site drill's hold step waits with its stop conditions.
import { z } from "zod";

export const SITE_ACTIONS = ["dr.pre", "dr.stage", "dr.post", "dr.hold"] as const;
export const ZPhase = z.enum(["out", "back"]);
export type TPhase = z.infer<typeof ZPhase>;
const ZHookRef = z.object({ serverId: z.uuid(), serverName: z.string(), command: z.string(), timeoutSeconds: z.int() });
export const ZSiteMeta = z.object({
  site: z.object({ id: z.uuid(), name: z.string() }),
  dryRun: z.boolean(),
  parallelism: z.int().min(1),
  stages: z.array(z.object({ name: z.string(), pre: ZHookRef.nullable(), post: ZHookRef.nullable() })),
  holdSeconds: z.int().nullable(),
  stopOnSeverity: z.enum(["INFO", "WARNING", "CRITICAL"]).nullable(),
  /** A return: the evacuation it undoes. */
  evacuationId: z.uuid().nullable(),
  /** Groups with a member in the site that do not move, and why (as planned). */
  notMoving: z.array(z.object({ groupId: z.uuid(), name: z.string(), why: z.string() })).default([]),
  /** An evacuation of a dark site: failovers may count the operator's word as fencing. */
  confirmedOff: z.boolean().default(false),
});
export type TSiteMeta = z.infer<typeof ZSiteMeta>;
export const ZStageParams = z.object({ phase: ZPhase, stage: z.int() });
export const ZHookParams = z.object({ phase: ZPhase, stage: z.int(), hook: ZHookRef });
export const ZHoldParams = z.object({ holdSeconds: z.int() });

export function siteMetaOf(plan: unknown): TSiteMeta {
  return ZSiteMeta.parse((plan as { meta?: { site?: unknown } } | null)?.meta?.site ? (plan as { meta: unknown }).meta : {});
}
