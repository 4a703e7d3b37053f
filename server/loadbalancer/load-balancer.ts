// What failover and rollouts ask of a load balancer, whatever its kind. Every
// change is confirmed: a method resolves only once the balancer reports the
// new state, and fails with the reason otherwise.
import { HaproxyError } from "./haproxy-errors";
import { getServerState, setServerState, waitForServerState, type Clock, type RuntimeOptions } from "./haproxy-runtime";
import { ZHaproxyAddress, ZHaproxyName, type TServerAdminState, type TServerOperationalState } from "./haproxy.types";

/** A group member as the balancer knows it (GroupMember.lbBackendName). */
export type LbMember = { backendServer: string };

/** "unknown" is for kinds that cannot read state back (COMMAND hooks). */
export type LbMemberState = TServerAdminState | "unknown";

export type LbVerification = {
  /** Ready and passing the balancer's own health check: new requests can reach it. */
  serving: boolean;
  state: LbMemberState;
  detail: string;
};

export type LoadBalancerControl = {
  describe(): string;
  /** Back in rotation (ready). */
  enable(member: LbMember): Promise<void>;
  /** No new traffic; existing sessions finish. */
  drain(member: LbMember): Promise<void>;
  /** Out of rotation (maintenance): no traffic at all. */
  disable(member: LbMember): Promise<void>;
  state(member: LbMember): Promise<LbMemberState>;
  verify?(member: LbMember): Promise<LbVerification>;
};

export type HaproxyLoadBalancerOptions = {
  /** Runtime API: "host:port" or a UNIX socket path. */
  address: string;
  backend: string;
  /** How long HAProxy has to report a change. */
  confirmDeadlineMs?: number;
  commandTimeoutMs?: number;
  clock?: Clock;
};

export function haproxyLoadBalancer(opts: HaproxyLoadBalancerOptions): LoadBalancerControl {
  const address = ZHaproxyAddress.safeParse(opts.address);
  if (!address.success) throw new HaproxyError("invalid-argument", String(opts.address), `invalid HAProxy runtime API address ${JSON.stringify(opts.address)}`);
  const backend = ZHaproxyName.safeParse(opts.backend);
  if (!backend.success) throw new HaproxyError("invalid-argument", address.data, `invalid HAProxy backend name ${JSON.stringify(opts.backend)}`);
  const addr = address.data;
  const be = backend.data;
  const runtime: RuntimeOptions = { timeoutMs: opts.commandTimeoutMs ?? 3_000 };

  const setAndConfirm = async (member: LbMember, want: TServerAdminState) => {
    await setServerState(addr, be, member.backendServer, want, runtime);
    await waitForServerState(addr, be, member.backendServer, want, {
      ...runtime,
      deadlineMs: opts.confirmDeadlineMs ?? 5_000,
      clock: opts.clock,
    });
  };

  return {
    describe: () => `HAProxy ${addr} backend ${be}`,
    enable: (m) => setAndConfirm(m, "ready"),
    drain: (m) => setAndConfirm(m, "drain"),
    disable: (m) => setAndConfirm(m, "maint"),
    state: async (m) => (await getServerState(addr, be, m.backendServer, runtime)).adminState,
    async verify(m) {
      const row = await getServerState(addr, be, m.backendServer, runtime);
      const serving = row.adminState === "ready" && row.operationalState === "running" && row.weight > 0;
      const detail = serving
        ? `${be}/${row.server} is ready and up`
        : `${be}/${row.server} is ${row.adminState}, health ${describeOp(row.operationalState)}, weight ${row.weight}`;
      return { serving, state: row.adminState, detail };
    },
  };
}

function describeOp(op: TServerOperationalState): string {
  return op === "running" ? "up" : op === "stopped" ? "down" : op;
}
