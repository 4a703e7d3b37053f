import { describe, expect, it } from "vitest";
import { commandLoadBalancer, parseCommandLbState } from "./command-lb";

describe("parseCommandLbState", () => {
  it("reads the admin state and, when given, the health from the last line", () => {
    expect(parseCommandLbState("ready up\n")).toEqual({ admin: "ready", health: "up" });
    expect(parseCommandLbState("checking...\nMAINT down")).toEqual({ admin: "maint", health: "down" });
    expect(parseCommandLbState("drain")).toEqual({ admin: "drain", health: null });
  });
  it("refuses anything else, quoting it", () => {
    expect(() => parseCommandLbState("enabled")).toThrow(/printed "enabled"/);
    expect(() => parseCommandLbState("")).toThrow(/not "<ready\|drain\|maint> \[up\|down\]"/);
  });
});

describe("commandLoadBalancer", () => {
  /** A balancer host that remembers states, as a script on it would. */
  function fakeHost(opts: { ignoreDisable?: boolean } = {}) {
    const admin = new Map<string, string>();
    const calls: string[] = [];
    const run = async (o: { command: string; env: Record<string, string> }) => {
      calls.push(`${o.command} ${o.env.TANDEM_BACKEND}/${o.env.TANDEM_BACKEND_SERVER}`);
      const key = o.env.TANDEM_BACKEND_SERVER!;
      if (o.command === "lb enable") admin.set(key, "ready");
      if (o.command === "lb drain") admin.set(key, "drain");
      if (o.command === "lb disable" && !opts.ignoreDisable) admin.set(key, "maint");
      return { output: o.command === "lb state" ? `${admin.get(key) ?? "ready"} up` : "" };
    };
    return { run, calls };
  }
  const commands = { enable: "lb enable", disable: "lb disable", drain: "lb drain", state: "lb state" };

  it("runs the command with the backend in its environment and confirms the change through state", async () => {
    const host = fakeHost();
    const lb = commandLoadBalancer({ name: "lb-1", serverId: "x", backend: "web", commands, run: host.run });
    await lb.disable({ backendServer: "web-1" });
    expect(await lb.state({ backendServer: "web-1" })).toBe("maint");
    expect(await lb.verify!({ backendServer: "web-1" })).toMatchObject({ serving: false, detail: "web/web-1 is maint, health up" });
    await lb.enable({ backendServer: "web-1" });
    expect(await lb.verify!({ backendServer: "web-1" })).toMatchObject({ serving: true });
    expect(host.calls[0]).toBe("lb disable web/web-1");
  });

  it("fails when the balancer never reports the change", async () => {
    const host = fakeHost({ ignoreDisable: true });
    const lb = commandLoadBalancer({ name: "lb-1", serverId: "x", backend: "web", commands, run: host.run, confirmDeadlineMs: 50, confirmEveryMs: 10 });
    await expect(lb.disable({ backendServer: "web-1" })).rejects.toThrow(/web\/web-1 is still ready after disable/);
  });
});
