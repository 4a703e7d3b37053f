// A COMMAND load balancer (DESIGN section 2): whatever the balancer is (an F5, a
// cloud LB, nginx with a script), an admin gives four shell commands that run
// over SSH on a host that can drive it: enable, disable, drain, and state, which
// prints `<ready|drain|maint> [up|down]` for one backend server. Each run gets
// TANDEM_BALANCER, TANDEM_BACKEND, TANDEM_BACKEND_SERVER and TANDEM_ACTION.
// As with HAProxy, a change resolves only once `state` reports it.
import { z } from "zod";
import type { LbMember, LbMemberState, LbVerification, LoadBalancerControl } from "./load-balancer";

const ZCommand = z.string().trim().min(1, "must not be empty").max(2000, "must be at most 2000 characters").regex(/^[^\0]*$/, "must not contain NUL");
export const ZCommandLbCommands = z.strictObject({ enable: ZCommand, disable: ZCommand, drain: ZCommand, state: ZCommand });
export type TCommandLbCommands = z.infer<typeof ZCommandLbCommands>;

/** Runs one command on the balancer host; throws (with the output) unless it exits 0. */
export type BalancerCommandRunner = (o: { serverId: string; command: string; env: Record<string, string>; timeoutMs: number }) => Promise<{ output: string }>;

export type CommandLoadBalancerOptions = {
  name: string;
  /** The host the commands run on. */
  serverId: string;
  backend: string;
  commands: TCommandLbCommands;
  run: BalancerCommandRunner;
  commandTimeoutMs?: number;
  /** How long `state` has to report a change. */
  confirmDeadlineMs?: number;
  confirmEveryMs?: number;
};

export type CommandLbState = { admin: "ready" | "drain" | "maint"; health: "up" | "down" | null };

/** Reads `state`'s output: its last non-empty line, `<admin> [health]`. Throws on anything else. */
export function parseCommandLbState(output: string): CommandLbState {
  const line = output.trim().split("\n").at(-1)?.trim().toLowerCase() ?? "";
  const m = /^(ready|drain|maint)(?:\s+(up|down))?$/.exec(line);
  if (!m) throw new Error(`the state command printed ${JSON.stringify(line.slice(0, 200))}, not "<ready|drain|maint> [up|down]"`);
  return { admin: m[1] as CommandLbState["admin"], health: (m[2] as CommandLbState["health"]) ?? null };
}

export function commandLoadBalancer(opts: CommandLoadBalancerOptions): LoadBalancerControl {
  const timeoutMs = opts.commandTimeoutMs ?? 10_000;
  const run = (action: keyof TCommandLbCommands, member: LbMember) =>
    opts.run({
      serverId: opts.serverId,
      command: opts.commands[action],
      env: { TANDEM_BALANCER: opts.name, TANDEM_BACKEND: opts.backend, TANDEM_BACKEND_SERVER: member.backendServer, TANDEM_ACTION: action },
      timeoutMs,
    });
  const read = async (member: LbMember) => parseCommandLbState((await run("state", member)).output);

  const setAndConfirm = async (member: LbMember, action: "enable" | "drain" | "disable", want: CommandLbState["admin"]) => {
    await run(action, member);
    const deadline = Date.now() + (opts.confirmDeadlineMs ?? 5_000);
    for (;;) {
      const s = await read(member);
      if (s.admin === want) return;
      if (Date.now() >= deadline) throw new Error(`${opts.name}: ${opts.backend}/${member.backendServer} is still ${s.admin} after ${action}`);
      await new Promise((r) => setTimeout(r, opts.confirmEveryMs ?? 200));
    }
  };

  return {
    describe: () => `balancer ${opts.name} backend ${opts.backend}`,
    enable: (m) => setAndConfirm(m, "enable", "ready"),
    drain: (m) => setAndConfirm(m, "drain", "drain"),
    disable: (m) => setAndConfirm(m, "disable", "maint"),
    state: async (m): Promise<LbMemberState> => (await read(m)).admin,
    async verify(m): Promise<LbVerification> {
      const s = await read(m);
      // A balancer that reports no health is trusted on its admin state alone.
      const serving = s.admin === "ready" && s.health !== "down";
      const health = s.health === null ? "health not reported" : `health ${s.health}`;
      return { serving, state: s.admin, detail: `${opts.backend}/${m.backendServer} is ${s.admin}, ${health}` };
    },
  };
}
