// What a hypervisor and a load balancer host do with `tandem-sim power ...` and
// `tandem-sim lb ...`: the fence device and COMMAND balancer the demo seeds
// (server/demo/seed-demo-groups.ts) drive them exactly as they would drive virsh
// on a KVM host or a script in front of a real balancer.
import { unsupportedOn, type SimCommand } from "./commands";
import type { SimLbBackend } from "./sim-types";
import type { VirtualHost } from "./virtual-host";

export type DeviceResult = { code: number; stdout?: string; stderr?: string };
type Sim<A> = Extract<SimCommand, { kind: "sim" } & { action: A }>;

/** virsh destroy / start / domstate on a host of the hypervisor's own site, named by TANDEM_PLUG. */
export async function runPowerCommand(hv: VirtualHost, cmd: Sim<"power">, lookup: (name: string) => VirtualHost | undefined): Promise<DeviceResult> {
  // Elsewhere there is no virsh: exit as a shell does for a missing program.
  if (hv.model.role !== "hypervisor") return { code: 127, stderr: unsupportedOn(hv.name, hv.model.role, "power") };
  const plug = cmd.env.TANDEM_PLUG ?? "";
  const target = lookup(plug);
  if (!target || target === hv || !hv.spec.site || target.spec.site !== hv.spec.site) {
    return { code: 1, stderr: `error: failed to get domain '${plug}'\n` };
  }
  if (cmd.power === "status") return { code: 0, stdout: target.poweredOn ? "running\n" : "shut off\n" };
  if (cmd.dryRun) return { code: 0, stdout: `dry run: ${hv.name} would power ${plug} ${cmd.power} (it is ${target.poweredOn ? "running" : "shut off"})\n` };
  if (cmd.power === "off") {
    await target.power("off", hv.name);
    return { code: 0, stdout: `Domain '${plug}' destroyed\n` };
  }
  if (target.poweredOn) return { code: 0, stdout: `Domain '${plug}' is already running\n` };
  await target.power("on", hv.name);
  return { code: 0, stdout: `Domain '${plug}' started\n` };
}

const ADMIN_AFTER = { enable: "ready", drain: "drain", disable: "maint" } as const;

/** HAProxy-like admin state of TANDEM_BACKEND_SERVER in TANDEM_BACKEND; `state` prints `<admin> <health>`. */
export function runLbCommand(lb: VirtualHost, cmd: Sim<"lb">, lookup: (name: string) => VirtualHost | undefined): DeviceResult {
  // Likewise no balancer script on a host that is no balancer.
  if (lb.model.role !== "lb") return { code: 127, stderr: unsupportedOn(lb.name, lb.model.role, "lb") };
  const backend = cmd.env.TANDEM_BACKEND;
  const server = cmd.env.TANDEM_BACKEND_SERVER;
  if (!backend || !server) return { code: 2, stderr: "tandem-sim: lb needs TANDEM_BACKEND and TANDEM_BACKEND_SERVER\n" };
  const host = lookup(server);
  if (!host) return { code: 1, stderr: "no such server\n" };
  const key = `${backend}\0${server}`;
  const entry = lb.lbAdmin.get(key) ?? { backend, server, admin: "ready" as SimLbBackend["admin"] };
  lb.lbAdmin.set(key, entry);
  if (cmd.lb === "state") return { code: 0, stdout: `${entry.admin} ${host.servesAsBackend ? "up" : "down"}\n` };
  const admin = ADMIN_AFTER[cmd.lb];
  if (cmd.dryRun) return { code: 0, stdout: `dry run: ${lb.name} would set ${backend}/${server} ${admin} (it is ${entry.admin})\n` };
  entry.admin = admin;
  return { code: 0, stdout: `${backend}/${server} is now ${admin}\n` };
}
