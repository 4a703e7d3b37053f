// What a hypervisor and a load balancer host do with `tandem-sim power ...`,
// `tandem-sim provision` and `tandem-sim lb ...`: the fence device, restore
// hook and COMMAND balancer the demo seeds (server/demo/seed-demo-groups.ts)
// drive them exactly as they would drive virsh on a KVM host or a script in
// front of a real balancer.
import { unsupportedOn, type SimCommand } from "./commands";
import type { SimHostSpec, SimLbBackend } from "./sim-types";
import type { FleetContext, VirtualHost } from "./virtual-host";

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

/** The first free last octet on the hypervisor's own /24 (the demo's sites are 127.21.<site>.<n>). */
function freeAddress(hv: VirtualHost, hosts: readonly VirtualHost[]): string | null {
  const prefix = hv.address.slice(0, hv.address.lastIndexOf(".") + 1);
  const used = new Set(hosts.filter((h) => h.address.startsWith(prefix)).map((h) => Number(h.address.slice(prefix.length))));
  for (let n = 1; n < 255; n++) if (!used.has(n)) return `${prefix}${n}`;
  return null;
}

/**
 * virt-clone and start on the hypervisor: a new host in its own site, like
 * TANDEM_GROUP's standby (or other member), named TANDEM_NAME_HINT (else
 * <group>-r<N>), listening at once with the fleet's login. Its last line is what
 * a restore's provision hook must print (server/restore/provision-output.ts).
 */
export async function runProvisionCommand(hv: VirtualHost, cmd: Sim<"provision">, fleet: Pick<FleetContext, "lookup" | "all" | "addHost">): Promise<DeviceResult> {
  if (hv.model.role !== "hypervisor") return { code: 127, stderr: unsupportedOn(hv.name, hv.model.role, "provision") };
  const group = cmd.env.TANDEM_GROUP;
  if (!group) return { code: 2, stderr: "tandem-sim: provision needs TANDEM_GROUP\n" };
  const site = hv.spec.site ?? null;
  const wanted = cmd.env.TANDEM_SITE;
  if (wanted && wanted !== site) return { code: 1, stderr: `error: ${hv.name} runs in ${site ?? "no site"}: it cannot place a host in ${wanted}\n` };
  const hosts = fleet.all();
  let name = cmd.env.TANDEM_NAME_HINT;
  for (let n = 1; !name; n++) if (!fleet.lookup(`${group}-r${n}`)) name = `${group}-r${n}`;
  if (fleet.lookup(name)) return { code: 1, stderr: `error: domain '${name}' already exists\n` };
  const address = freeAddress(hv, hosts);
  if (!address) return { code: 1, stderr: `error: no free address left on ${hv.name}'s network\n` };
  const peers = hosts.filter((h) => h !== hv && h.spec.group === group);
  const template = peers.find((h) => h.model.role === "standby") ?? peers.find((h) => h.model.role === "primary") ?? peers[0];
  const database = peers.some((h) => h.model.role === "primary" || h.model.role === "standby");
  const t = template?.spec;
  const spec: SimHostSpec = {
    name,
    address,
    port: hv.port,
    site: site ?? undefined,
    group,
    ...(t ? { os: t.os, kernel: t.kernel, services: [...template!.model.services], baseline: t.baseline, servicePorts: t.servicePorts } : {}),
    role: database ? "standby" : (template?.model.role ?? undefined),
  };
  if (cmd.dryRun) return { code: 0, stdout: `dry run: ${hv.name} would create ${name} at ${address}${t ? ` from ${template!.name}` : ""}\n` };
  const info = (await fleet.addHost(JSON.parse(JSON.stringify(spec)) as SimHostSpec)).info();
  const created = { name: info.name, address: info.address, port: info.port, username: info.username, hostKeyFingerprint: info.hostKeyFingerprint, ...(site ? { site } : {}) };
  return { code: 0, stdout: `Domain '${name}' cloned from ${template?.name ?? "the base image"} and started\n${JSON.stringify(created)}\n` };
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
