// Takes a group member out of rotation or puts it back: through the group's
// load balancer (HAProxy or COMMAND) when it has one and the member has a
// backend name, else the group's drain/enable hook, else only Tandem's admin
// state (the caller's). Maintenance windows and rollouts drain the same way.
import type { Db } from "../db/client";
import type { SecretBox } from "../crypto/secret-box";
import { balancerControl, describeBalancer, loadBalancerRef } from "../loadbalancer/balancer-ref";
import { runHook } from "../failover/run-hook";

const HOOK_TIMEOUT_MS = 60_000;

export type RotatableMember = {
  serverId: string;
  lbBackendServer: string | null;
  group: { name: string; hooks: unknown; loadBalancerId: string | null };
  server: { name: string };
};

/** Returns how it was done, for the record; throws when the balancer or hook refused. */
export async function rotateMember(deps: { db: Db; secretBox: SecretBox }, m: RotatableMember, want: "drain" | "enable", opts: { signal?: AbortSignal } = {}): Promise<string> {
  const ref = m.group.loadBalancerId && m.lbBackendServer ? (await loadBalancerRef(deps.db, m.group.loadBalancerId)).ref : null;
  if (ref && m.lbBackendServer) {
    await balancerControl(ref, deps)[want]({ backendServer: m.lbBackendServer });
    return `${describeBalancer(ref)} ${ref.backend}/${m.lbBackendServer} ${want === "drain" ? "drained" : "ready"}`;
  }
  const hooks = (m.group.hooks ?? {}) as Record<string, string | undefined>;
  const command = hooks[want];
  if (command) {
    const r = await runHook(deps, { serverId: m.serverId, hook: command, env: { TANDEM_GROUP: m.group.name, TANDEM_HOOK: want, TANDEM_SERVER: m.server.name }, timeoutMs: HOOK_TIMEOUT_MS, signal: opts.signal });
    if (r.exitCode !== 0) throw new Error(`${want} hook exited ${r.exitCode}: ${r.output.slice(-300)}`);
    return `${want} hook ran`;
  }
  return "no load balancer or hook: admin state only";
}
