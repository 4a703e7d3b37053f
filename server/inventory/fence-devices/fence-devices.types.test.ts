import { describe, expect, it } from "vitest";
import { ZCreateFenceDeviceRequest, ZUpdateFenceDeviceRequest } from "./fence-devices.types";
import { ZCreateLoadBalancerRequest, ZUpdateLoadBalancerRequest } from "../load-balancers/load-balancers.types";

const FS = "0197a000-0000-7000-8000-000000000001";
const T1 = "0197a000-0000-7000-8000-000000000002";
const base = { name: "kvm-fra1", kind: "LIBVIRT", fencingServerId: FS };

/** The paths of a failed parse, dotted as the API reports them. */
function paths(schema: { safeParse(v: unknown): { success: boolean; error?: { issues: { path: PropertyKey[] }[] } } }, v: unknown): string[] {
  const r = schema.safeParse(v);
  return r.success ? [] : r.error!.issues.map((i) => i.path.map(String).join("."));
}

describe("fence device bodies", () => {
  it("accept a template device with only a name, kind and fencing server", () => {
    expect(ZCreateFenceDeviceRequest.safeParse(base).success).toBe(true);
  });

  it("are strict", () => {
    expect(ZCreateFenceDeviceRequest.safeParse({ ...base, password: "x" }).success).toBe(false);
    expect(ZUpdateFenceDeviceRequest.safeParse({ secretCiphertext: "x" }).success).toBe(false);
    expect(paths(ZUpdateFenceDeviceRequest, {})).toEqual([""]);
  });

  it("need all commands for CUSTOM", () => {
    expect(paths(ZCreateFenceDeviceRequest, { ...base, kind: "CUSTOM", actionCommand: "off" })).toEqual(["statusCommand", "offPattern"]);
  });

  it("refuse an off pattern that does not compile", () => {
    expect(paths(ZCreateFenceDeviceRequest, { ...base, offPattern: "(unclosed" })).toEqual(["offPattern"]);
  });

  it("check variable and secret names and values", () => {
    expect(ZCreateFenceDeviceRequest.safeParse({ ...base, env: { LIBVIRT_DEFAULT_URI: "qemu:///system" }, secrets: { API_TOKEN: "t" } }).success).toBe(true);
    for (const bad of ["lower", "1ABC", "A-B", "TANDEM_PLUG", "A".repeat(65)]) {
      expect(ZCreateFenceDeviceRequest.safeParse({ ...base, env: { [bad]: "v" } }).success, bad).toBe(false);
      expect(ZCreateFenceDeviceRequest.safeParse({ ...base, secrets: { [bad]: "v" } }).success, bad).toBe(false);
    }
    expect(paths(ZCreateFenceDeviceRequest, { ...base, env: { A: "x".repeat(1001) } })).toEqual(["env.A"]);
    expect(paths(ZCreateFenceDeviceRequest, { ...base, secrets: { A: "a\0b" } })).toEqual(["secrets.A"]);
    expect(paths(ZCreateFenceDeviceRequest, { ...base, env: { A: "1" }, secrets: { A: "2" } })).toEqual(["secrets.A"]);
  });

  it("bound the timeout to 5-600 seconds", () => {
    expect(paths(ZCreateFenceDeviceRequest, { ...base, timeoutSeconds: 4 })).toEqual(["timeoutSeconds"]);
    expect(paths(ZCreateFenceDeviceRequest, { ...base, timeoutSeconds: 601 })).toEqual(["timeoutSeconds"]);
    expect(ZCreateFenceDeviceRequest.safeParse({ ...base, timeoutSeconds: 600 }).success).toBe(true);
  });

  it("refuse the fencing server as a target, a target twice, and plugs with control characters", () => {
    expect(paths(ZCreateFenceDeviceRequest, { ...base, targets: [{ serverId: FS, plug: "fs" }] })).toEqual(["targets.0.serverId"]);
    expect(paths(ZCreateFenceDeviceRequest, { ...base, targets: [{ serverId: T1, plug: "a" }, { serverId: T1, plug: "b" }] })).toEqual(["targets.1.serverId"]);
    expect(paths(ZCreateFenceDeviceRequest, { ...base, targets: [{ serverId: T1, plug: "db-1\n; reboot" }] })).toEqual(["targets.0.plug"]);
    expect(paths(ZCreateFenceDeviceRequest, { ...base, targets: [{ serverId: T1, plug: "x".repeat(201) }] })).toEqual(["targets.0.plug"]);
  });

  it("do not set and remove one secret in the same patch", () => {
    expect(ZUpdateFenceDeviceRequest.safeParse({ secrets: { NEW: "n" }, removeSecrets: ["OLD"] }).success).toBe(true);
    expect(paths(ZUpdateFenceDeviceRequest, { secrets: { OLD: "n" }, removeSecrets: ["OLD"] })).toEqual(["removeSecrets"]);
  });
});

describe("load balancer bodies", () => {
  const commands = { enable: "lbctl enable", disable: "lbctl disable", drain: "lbctl drain", state: "lbctl state" };
  it("need an address and backend for HAPROXY, and a host, backend and commands for COMMAND", () => {
    expect(ZCreateLoadBalancerRequest.safeParse({ kind: "HAPROXY", name: "edge", address: "127.0.0.1:9999", backend: "web" }).success).toBe(true);
    expect(paths(ZCreateLoadBalancerRequest, { kind: "HAPROXY", name: "edge", backend: "web" })).toEqual(["address"]);
    expect(paths(ZCreateLoadBalancerRequest, { kind: "HAPROXY", name: "edge", address: "127.0.0.1:9999", backend: "web; shutdown" })).toEqual(["backend"]);
    expect(ZCreateLoadBalancerRequest.safeParse({ kind: "COMMAND", name: "lb", serverId: FS, backend: "web", commands }).success).toBe(true);
    expect(paths(ZCreateLoadBalancerRequest, { kind: "COMMAND", name: "lb", serverId: FS, backend: "web", commands: { ...commands, state: undefined } })).toEqual(["commands.state"]);
    expect(paths(ZCreateLoadBalancerRequest, { kind: "COMMAND", name: "lb", serverId: FS, backend: "web", commands, address: "127.0.0.1:1" })).toEqual(["address"]);
    expect(paths(ZCreateLoadBalancerRequest, { kind: "COMMAND", name: "lb", backend: "web" })).toEqual(["serverId", "commands"]);
  });

  it("are strict on update", () => {
    expect(ZUpdateLoadBalancerRequest.safeParse({ config: {} }).success).toBe(false);
    expect(ZUpdateLoadBalancerRequest.safeParse({ backend: "web2" }).success).toBe(true);
  });
});
