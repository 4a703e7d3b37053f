// Messages to and from a fleet running in its own process (agents/sim/cli.ts).
import { z } from "zod";
import { SIM_FAULTS, type SimHostInfo, type SimLbBackend, type SimStats } from "./sim-types";

const ZFaultParams = z
  .object({ delayMs: z.number().int().min(0).max(600_000), seconds: z.number().min(0), service: z.string().max(255), mount: z.string().max(4096) })
  .partial();

export const ZSimControlMessage = z.discriminatedUnion("op", [
  z.object({ id: z.unknown().optional(), op: z.literal("inject"), name: z.string(), fault: z.enum(SIM_FAULTS), params: ZFaultParams.optional() }),
  z.object({ id: z.unknown().optional(), op: z.literal("clear"), name: z.string(), fault: z.enum(SIM_FAULTS).optional() }),
  z.object({ id: z.unknown().optional(), op: z.literal("power"), name: z.string(), power: z.enum(["on", "off"]), by: z.string().max(320).optional() }),
  z.object({ id: z.unknown().optional(), op: z.literal("lb-backends"), name: z.string() }),
  z.object({ id: z.unknown().optional(), op: z.literal("stats") }),
  z.object({ id: z.unknown().optional(), op: z.literal("hosts") }),
  z.object({ id: z.unknown().optional(), op: z.literal("stop") }),
]);
export type TSimControlMessage = z.infer<typeof ZSimControlMessage>;

export type TSimReply =
  | { type: "ready"; manifest: string | null; hosts: number }
  | { type: "reply"; id: unknown; ok: true; host?: SimHostInfo; hosts?: SimHostInfo[]; stats?: SimStats; backends?: SimLbBackend[] }
  | { type: "reply"; id: unknown; ok: false; error: string };

export type SimManifestHost = SimHostInfo & { password: string; fingerprint: string };
export type SimManifest = { version: 1; pid: number; seed: number; hosts: SimManifestHost[] };
