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

export const ZCreateLoadBalancerRequest = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("HAPROXY"),
    name: ZLoadBalancerName,
    /** The runtime API: "host:port" or an absolute socket path. */
    address: ZHaproxyAddress,
    backend: ZHaproxyName,
  }),
  z.strictObject({
    kind: z.literal("COMMAND"),
    name: ZLoadBalancerName,
    /** The host the commands run on over SSH. */
    serverId: ZServerId,
    /** The pool's name, passed to the commands as $TANDEM_BACKEND. */
    backend: ZHaproxyName,
    commands: ZCommandLbCommands,
  }),
]);
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
