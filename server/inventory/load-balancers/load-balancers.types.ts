import { z } from "zod";
import { ZCommandLbCommands } from "../../loadbalancer/command-lb";
import { ZHaproxyAddress, ZHaproxyName } from "../../loadbalancer/haproxy.types";

export const LOAD_BALANCER_KINDS = ["HAPROXY", "COMMAND"] as const;
export const ZLoadBalancerKind = z.enum(LOAD_BALANCER_KINDS);
export type TLoadBalancerKind = z.infer<typeof ZLoadBalancerKind>;

export const ZLoadBalancerName = z
  .string()
  .trim()
  .min(1, "is required")
  .max(64, "must be at most 64 characters")
  .regex(/^[^\p{Cc}]+$/u, "must not contain control characters");

const ZServerId = z.uuid("must be a server id (UUID)");

// One strict object rather than a union on kind, so an unknown field is named
// even when the kind is missing; the fields each kind needs are checked after.
export const ZCreateLoadBalancerRequest = z
  .strictObject({
    kind: ZLoadBalancerKind,
    name: ZLoadBalancerName,
    /** HAPROXY: the runtime API, "host:port" or an absolute socket path. */
    address: ZHaproxyAddress.optional(),
    /** HAPROXY: the backend; COMMAND: the pool's name, passed to the commands as $TANDEM_BACKEND. */
    backend: ZHaproxyName,
    /** COMMAND: the host the commands run on over SSH. */
    serverId: ZServerId.optional(),
    /** COMMAND: { enable, disable, drain, state }. */
    commands: ZCommandLbCommands.optional(),
  })
  .superRefine((v, ctx) => {
    const need = (k: string, why: string) => ctx.addIssue({ code: "custom", path: [k], message: why });
    if (v.kind === "HAPROXY") {
      if (v.address === undefined) need("address", "is required for an HAPROXY balancer");
      for (const k of ["serverId", "commands"] as const) if (v[k] !== undefined) need(k, "is only for COMMAND balancers");
    } else if (v.kind === "COMMAND") {
      if (v.serverId === undefined) need("serverId", "is required for a COMMAND balancer");
      if (v.commands === undefined) need("commands", "is required for a COMMAND balancer");
      if (v.address !== undefined) need("address", "is only for HAPROXY balancers");
    }
  });
export type TCreateLoadBalancerRequest = z.infer<typeof ZCreateLoadBalancerRequest>;

/** Fields the other kind does not use are cleared when the kind changes; the ones the new kind needs must then be given. */
export const ZUpdateLoadBalancerRequest = z
  .strictObject({
    name: ZLoadBalancerName.optional(),
    kind: ZLoadBalancerKind.optional(),
    address: ZHaproxyAddress.optional(),
    backend: ZHaproxyName.optional(),
    serverId: ZServerId.optional(),
    commands: ZCommandLbCommands.optional(),
  })
  .superRefine((v, ctx) => {
    if (Object.values(v).every((x) => x === undefined)) ctx.addIssue({ code: "custom", path: [], message: "must change at least one field" });
  });
export type TUpdateLoadBalancerRequest = z.infer<typeof ZUpdateLoadBalancerRequest>;

const ZRef = z.object({ id: z.uuid(), name: z.string() });

export const ZLoadBalancer = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: ZLoadBalancerKind,
  /** HAPROXY: the runtime API address. */
  address: z.string().nullable(),
  backend: z.string().nullable(),
  /** COMMAND: the host its commands run on. */
  host: ZRef.nullable(),
  /** COMMAND: its enable, disable, drain and state commands. */
  commands: ZCommandLbCommands.nullable(),
  /** Groups behind this balancer; it cannot be deleted while any is. */
  groups: z.array(ZRef),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type TLoadBalancer = z.infer<typeof ZLoadBalancer>;

export const ZLoadBalancerList = z.object({ loadBalancers: z.array(ZLoadBalancer) });
export const ZLoadBalancerIdParams = z.object({ id: z.uuid("must be a load balancer id (UUID)") });
