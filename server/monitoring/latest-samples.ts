// The latest agent sample per server, stored for page loads, restarts and the
// compliance report: one UPDATE for a chunk of servers.
import type { Db } from "../db/client";

/**
 * Also stamps lastPatchedAt, in the same statement: when a sample counts zero
 * pending updates and the stored one counted some (or lastPatchedAt was never
 * set). SET reads the row as it was, so the previous sample decides. Samples are
 * stored once a minute, so the stamp is the time of the first stored sample at zero.
 */
export async function writeLatestSamples(db: Db, ids: string[], ats: Date[], samples: string[]): Promise<void> {
  await db.$executeRaw`
    UPDATE "Server" s SET "lastSampleAt" = v.at, "lastSample" = v.sample::jsonb,
           "lastPatchedAt" = CASE
             WHEN v.sample::jsonb #>> '{updates,pending}' = '0'
              AND (s."lastPatchedAt" IS NULL OR COALESCE(s."lastSample" #>> '{updates,pending}', '0') <> '0')
             THEN v.at ELSE s."lastPatchedAt" END
      FROM unnest(${ids}::uuid[], ${ats}::timestamptz[], ${samples}::text[]) AS v(id, at, sample) WHERE s.id = v.id`;
}
