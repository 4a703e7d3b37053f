// The agent's output, schema version 1 (agents/tandem-agent.sh). Everything the
// agent prints is checked against this before Tandem believes any of it.
import { z } from "zod";

const kb = z.number().int().nonnegative();
const counter = z.number().nonnegative();

export const ZAgentSample = z.object({
  v: z.literal(1),
  ts: z.number().int().positive(),
  host: z.string().max(255),
  kernel: z.string().max(255),
  os: z.string().max(255),
  uptimeSec: z.number().nonnegative(),
  cpu: z.object({
    count: z.number().int().min(0).max(100_000),
    /** /proc/stat's first line: user nice system idle iowait irq softirq steal (cumulative jiffies). */
    jiffies: z.array(counter).length(8),
    running: z.number().int().nonnegative(),
  }),
  load: z.tuple([z.number().nonnegative(), z.number().nonnegative(), z.number().nonnegative()]),
  memKb: z.object({ total: kb, available: kb, free: kb, buffers: kb, cached: kb }),
  swapKb: z.object({ total: kb, free: kb }),
  disks: z.array(z.object({ mount: z.string().max(4096), fs: z.string().max(4096), sizeKb: kb, usedKb: kb, availKb: kb })).max(512),
  net: z.array(z.object({ if: z.string().max(64), rxBytes: counter, txBytes: counter })).max(1024),
  raid: z.array(z.object({ name: z.string().max(64), level: z.string().max(32), status: z.string().max(256), degraded: z.boolean() })).max(256),
  services: z.array(z.object({ name: z.string().max(255), state: z.string().max(64) })).max(256),
  updates: z.object({ pending: z.number().int().nonnegative().nullable(), security: z.number().int().nonnegative().nullable(), source: z.string().max(16), checkedAt: z.number().int() }).nullable(),
  rebootRequired: z.boolean(),
  /** The newest kernel installed on disk (from the updates cache); a reboot is due when it differs from `kernel`. Null when unknown. */
  kernelInstalled: z.string().max(255).nullable().optional(),
  replicationLagSec: z.number().nullable(),
});
export type TAgentSample = z.infer<typeof ZAgentSample>;

/** The largest output Tandem reads from one agent run; more is an error, not a bigger buffer. */
export const AGENT_OUTPUT_CAP_BYTES = 256 * 1024;
