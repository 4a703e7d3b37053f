import { z } from "zod";
import { SIM_FAULTS } from "../../agents/sim/sim-types";
import { SERVICE_NAME } from "../agent/service-name";

export const ZSimFault = z.enum(SIM_FAULTS);

export const ZInjectFaultRequest = z.strictObject({
  host: z.string().min(1).max(100),
  fault: ZSimFault,
  params: z
    .object({
      delayMs: z.number().int().min(0).max(120_000).optional(),
      seconds: z.number().min(0).max(86_400).optional(),
      service: z.string().regex(SERVICE_NAME).optional(),
      mount: z.string().max(255).optional(),
    })
    .strict()
    .optional(),
});
export const ZClearFaultRequest = z.strictObject({ host: z.string().min(1).max(100), fault: ZSimFault.optional() });
export const ZPowerSimHostRequest = z.strictObject({ host: z.string().min(1).max(100), power: z.enum(["on", "off"]) });
export type TPowerSimHostRequest = z.infer<typeof ZPowerSimHostRequest>;

export const ZFaultKind = z.object({
  fault: ZSimFault,
  label: z.string(),
  description: z.string(),
  params: z.array(z.object({ name: z.string(), label: z.string(), type: z.enum(["number", "string"]), default: z.union([z.number(), z.string()]).optional() })).optional(),
});

export const ZSimulatorState = z.object({
  hosts: z.array(
    z.object({
      name: z.string(),
      address: z.string(),
      port: z.number(),
      serverId: z.string().nullable(),
      role: z.string().nullable(),
      site: z.string().nullable(),
      faults: z.array(z.object({ fault: ZSimFault, params: z.record(z.string(), z.unknown()).optional() })),
      power: z.enum(["on", "off"]),
      /** A hypervisor's name when its fence command powered the host off; the user's email from this API. */
      poweredOffBy: z.string().nullable(),
      fenced: z.boolean(),
      /** A load balancer host's backend servers as its `tandem-sim lb` commands left them; null on other hosts. */
      backends: z
        .array(z.object({ backend: z.string(), server: z.string(), admin: z.enum(["ready", "drain", "maint"]), health: z.enum(["up", "down"]) }))
        .nullable(),
      /** The host's packages as its agent reports them: what a rollout patches, and the kernel a reboot boots. */
      packages: z.object({
        source: z.string(),
        pending: z.number().int(),
        security: z.number().int(),
        kernelPending: z.boolean(),
        kernel: z.string(),
        kernelInstalled: z.string(),
        rebootRequired: z.boolean(),
      }),
    }),
  ),
  faultKinds: z.array(ZFaultKind),
});
export type TSimulatorState = z.infer<typeof ZSimulatorState>;

export const FAULT_KINDS: z.infer<typeof ZFaultKind>[] = [
  { fault: "down", label: "Host down", description: "Connections are refused, as from a host that is powered off." },
  { fault: "hang", label: "Hang", description: "TCP connects, but nothing answers: polls time out." },
  { fault: "cutoff", label: "Cut off from Tandem", description: "Tandem cannot connect, but the host's peers still reach it (a network split)." },
  { fault: "slow", label: "Slow", description: "Every answer is delayed.", params: [{ name: "delayMs", label: "Delay (ms)", type: "number", default: 3000 }] },
  { fault: "high-cpu", label: "High CPU", description: "CPU use near 100 %." },
  { fault: "disk-full", label: "Disk full", description: "A filesystem at 99 %.", params: [{ name: "mount", label: "Mount", type: "string", default: "/" }] },
  { fault: "raid-degraded", label: "RAID degraded", description: "A software RAID array lost a disk." },
  { fault: "replication-lag", label: "Replication lag", description: "The replica falls behind.", params: [{ name: "seconds", label: "Lag (s)", type: "number", default: 120 }] },
  { fault: "service-stopped", label: "Service stopped", description: "A watched service is not active.", params: [{ name: "service", label: "Service", type: "string" }] },
  { fault: "malformed-output", label: "Malformed agent output", description: "The agent prints something that is not a valid sample." },
  { fault: "host-key-changed", label: "Host key changed", description: "The host presents a different SSH host key (re-install, or a man in the middle)." },
  { fault: "patch-fails", label: "Patch fails", description: "Patch commands exit 100 with a dpkg or dnf error and change nothing: a rollout fails this host." },
  {
    fault: "no-boot",
    label: "Does not boot",
    description: "A reboot leaves the host powered off; it comes back when this fault is cleared or it is powered on. A rollout times out waiting for it.",
  },
  {
    fault: "service-fails-after-boot",
    label: "Service fails after boot",
    description: "After a reboot (or power on) the service stays stopped, as the Service stopped fault (clear that to start it): a rollout's health gate fails.",
    params: [{ name: "service", label: "Service", type: "string" }],
  },
];
