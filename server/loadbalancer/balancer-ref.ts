// A group's load balancer as operation steps carry it: everything needed to
// drive it (kind, address or host, backend, commands), so an operation's record
// says what it acted on even if the balancer is edited later. `balancerControl`
// turns a reference into the control for its kind.
import type { SecretBox } from "../crypto/secret-box";
import type { Db } from "../db/client";
import { runHook } from "../failover/run-hook";
import { commandLoadBalancer, ZCommandLbCommands } from "./command-lb";
import type { TBalancerRef } from "./balancer-ref.types";

export { ZBalancerRef, ZLbTarget, describeBalancer, type TBalancerRef, type TLbTarget } from "./balancer-ref.types";
import { haproxyLoadBalancer, type LoadBalancerControl } from "./load-balancer";

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
