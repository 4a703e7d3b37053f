// A group's load balancer as operation steps carry it: everything needed to
// drive it (kind, address or host, backend, commands), so an operation's record
// says what it acted on even if the balancer is edited later. `balancerControl`
// turns a reference into the control for its kind.
import { z } from "zod";
import type { SecretBox } from "../crypto/secret-box";
import type { Db } from "../db/client";
import { runHook } from "../failover/run-hook";
import { commandLoadBalancer, ZCommandLbCommands } from "./command-lb";
import { haproxyLoadBalancer, type LoadBalancerControl } from "./load-balancer";

const ZHaproxyRef = z.object({ kind: z.literal("HAPROXY"), address: z.string().min(1), backend: z.string().min(1) });
const ZCommandRef = z.object({ kind: z.literal("COMMAND"), name: z.string().min(1), serverId: z.uuid(), backend: z.string().min(1), commands: ZCommandLbCommands });

/** Steps recorded before COMMAND balancers existed carry no kind: they are HAProxy. */
const withKind = (v: unknown) => (v && typeof v === "object" && !("kind" in v) ? { ...v, kind: "HAPROXY" } : v);

export const ZBalancerRef = z.preprocess(withKind, z.discriminatedUnion("kind", [ZHaproxyRef, ZCommandRef]));
export type TBalancerRef = z.infer<typeof ZBalancerRef>;

/** A reference plus the member it acts on: the params of lb-enable/-drain/-disable steps. */
export const ZLbTarget = z.preprocess(
  withKind,
  z.discriminatedUnion("kind", [ZHaproxyRef.extend({ backendServer: z.string().min(1) }), ZCommandRef.extend({ backendServer: z.string().min(1) })]),
);
export type TLbTarget = z.infer<typeof ZLbTarget>;

export type BalancerDeps = { db: Db; secretBox: SecretBox };

/** The balancer row as a reference, or null with why it cannot be driven. */
export async function loadBalancerRef(db: Db, loadBalancerId: string): Promise<{ ref: TBalancerRef } | { ref: null; problem: string }> {
  const lb = await db.loadBalancer.findUnique({ where: { id: loadBalancerId }, select: { name: true, kind: true, address: true, backend: true, serverId: true, config: true } });
  if (!lb) return { ref: null, problem: "the load balancer no longer exists" };
  if (lb.kind === "HAPROXY") {
    if (!lb.address || !lb.backend) return { ref: null, problem: `${lb.name} has no runtime API address or backend` };
    return { ref: { kind: "HAPROXY", address: lb.address, backend: lb.backend } };
  }
  const commands = ZCommandLbCommands.safeParse(lb.config);
  if (!lb.serverId) return { ref: null, problem: `${lb.name} names no host to run its commands on` };
  if (!commands.success) return { ref: null, problem: `${lb.name} lacks its enable, disable, drain and state commands` };
  return { ref: { kind: "COMMAND", name: lb.name, serverId: lb.serverId, backend: lb.backend ?? lb.name, commands: commands.data } };
}

export function balancerControl(ref: TBalancerRef, deps: BalancerDeps): LoadBalancerControl {
  if (ref.kind === "HAPROXY") return haproxyLoadBalancer({ address: ref.address, backend: ref.backend });
  return commandLoadBalancer({
    name: ref.name,
    serverId: ref.serverId,
    backend: ref.backend,
    commands: ref.commands,
    run: (o) => runHook(deps, { serverId: o.serverId, hook: o.command, env: o.env, timeoutMs: o.timeoutMs, what: "balancer command" }),
  });
}

/** "HAProxy 127.0.0.1:9999 backend web" / "balancer lb-fra1 backend web-fra1", for step descriptions. */
export function describeBalancer(ref: TBalancerRef): string {
  return ref.kind === "HAPROXY" ? `HAProxy ${ref.address}` : `balancer ${ref.name}`;
}
