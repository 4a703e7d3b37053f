// The demo fleet lives inside Tandem's process, so a restart would bring it back
// fresh while the database remembers a failover: db-b promoted, yet db-a
// primary again. Real hosts keep their state across a restart of Tandem; the
// demo does too, through a small file in the data directory, written on every
// change before the change is answered, and taken back before anything polls.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { SIM_FAULTS, type SimHostState } from "../../agents/sim/sim-types";
import type { Logger } from "../lib/logger";

const num = z.number().optional();
/** A host added while running (a provisioned VM): everything needed to create it again. */
const HostSpec = z.strictObject({
  name: z.string().min(1),
  address: z.string().min(1),
  port: z.number().int().optional(),
  kernel: z.string().optional(),
  os: z.string().optional(),
  services: z.array(z.string()).optional(),
  role: z.string().optional(),
  site: z.string().optional(),
  group: z.string().optional(),
  baseline: z.strictObject({ cpu: num, mem: num, disk: num }).optional(),
  servicePorts: z.record(z.string(), z.number().int()).optional(),
  updates: z.strictObject({ pending: num, security: num, kernelPending: z.boolean().optional(), kernelSecurity: z.boolean().optional(), rebootRequired: z.boolean().optional() }).optional(),
});

const HostState = z
  .object({
    name: z.string().min(1),
    role: z.string().nullable(),
    fenced: z.boolean(),
    power: z.enum(["on", "off"]),
    poweredOffBy: z.string().nullable(),
    faults: z.array(
      z.strictObject({
        fault: z.enum(SIM_FAULTS),
        params: z.strictObject({ delayMs: z.number().optional(), seconds: z.number().optional(), service: z.string().optional(), mount: z.string().optional() }),
      }),
    ),
    lb: z.array(z.strictObject({ backend: z.string(), server: z.string(), admin: z.enum(["ready", "drain", "maint"]) })),
    spec: HostSpec.optional(),
  })
  .strict();
const StateFile = z.strictObject({ version: z.literal(1), hosts: z.array(HostState) });

/** The state a previous run left, or undefined (none, or unreadable: then the demo starts fresh, and says why). */
export function readDemoState(file: string, log: Logger): SimHostState[] | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") log.warn("demo fleet state unreadable: starting fresh", { file, error: (err as Error).message });
    return undefined;
  }
  try {
    return StateFile.parse(JSON.parse(text)).hosts;
  } catch (err) {
    log.warn("demo fleet state invalid: starting fresh", { file, error: (err as Error).message.slice(0, 300) });
    return undefined;
  }
}

/** Atomic (write then rename), so a kill -9 mid-write leaves the previous state, never half of one. */
export function writeDemoState(file: string, hosts: SimHostState[]): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify({ version: 1, hosts }));
  renameSync(tmp, file);
}
