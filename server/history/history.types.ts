import { z } from "zod";

export const HISTORY_RANGES = ["15m", "1h", "24h", "7d"] as const;
export const ZHistoryQuery = z.object({ range: z.enum(HISTORY_RANGES).default("1h") });
export const ZServerIdParams = z.object({ id: z.uuid("must be a server id (UUID)") });

/** One point of a chart: raw samples for 15m and 1h, minute rollups for 24h, hour rollups for 7d. */
export const ZHistoryPoint = z.object({
  t: z.number().describe("epoch milliseconds"),
  cpu: z.number().nullable(),
  cpuMax: z.number().nullable(),
  mem: z.number().nullable(),
  disk: z.number().nullable(),
  load1: z.number().nullable(),
  rxBps: z.number().nullable(),
  txBps: z.number().nullable(),
  lag: z.number().nullable(),
  /** Share of samples in which the host answered (0-1). */
  up: z.number(),
});
export type THistoryPoint = z.infer<typeof ZHistoryPoint>;

export const ZHistory = z.object({
  range: z.enum(HISTORY_RANGES),
  resolution: z.enum(["raw", "minute", "hour"]),
  from: z.number(),
  to: z.number(),
  points: z.array(ZHistoryPoint),
});
export type THistory = z.infer<typeof ZHistory>;
