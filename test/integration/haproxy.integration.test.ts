// Tandem moving traffic with a real HAProxy (Debian package): the runtime API
// client, the LoadBalancerControl on top of it, and traffic through the frontend.
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HaproxyError } from "../../server/loadbalancer/haproxy-errors";
import {
  getServerState,
  setServerState,
  showServersState,
  showStat,
  waitForServerState,
} from "../../server/loadbalancer/haproxy-runtime";
import { haproxyLoadBalancer, type LoadBalancerControl } from "../../server/loadbalancer/load-balancer";
import { ensureHaproxy, freePort, getVia, startHaproxy, startHttpBackend, type TestHaproxy, type TestHttpBackend } from "./haproxy";

const installed = await ensureHaproxy();
if (!installed) console.warn("haproxy tests skipped: /usr/sbin/haproxy is missing and `apt-get install -y haproxy` failed");

const BACKEND = "app";

async function servedBy(port: number, n: number): Promise<string[]> {
  const names: string[] = [];
  for (let i = 0; i < n; i++) names.push(await getVia(port));
  return names;
}

/** Polls a condition a bounded number of times. */
async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function rejection(p: Promise<unknown>): Promise<HaproxyError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(HaproxyError);
  return e as HaproxyError;
}

/** A TCP listener that counts connections and never answers. */
async function silentServer(): Promise<{ address: string; connections(): number; stop(): Promise<void> }> {
  let count = 0;
  const sockets = new Set<net.Socket>();
  const srv = net.createServer((s) => {
    count++;
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  return {
    address: `127.0.0.1:${(srv.address() as net.AddressInfo).port}`,
    connections: () => count,
    stop: () =>
      new Promise((r) => {
        for (const s of sockets) s.destroy();
        srv.close(() => r());
      }),
  };
}

describe.runIf(installed)("HAProxy runtime API against a real HAProxy", () => {
  let a: TestHttpBackend;
  let b: TestHttpBackend;
  let haproxy: TestHaproxy;
  let lb: LoadBalancerControl;

  beforeAll(async () => {
    a = await startHttpBackend("a");
    b = await startHttpBackend("b");
    haproxy = await startHaproxy({
      backends: [{ name: BACKEND, servers: [{ name: "a", port: a.port }, { name: "b", port: b.port, disabled: true }] }],
      mode: "http",
    });
    lb = haproxyLoadBalancer({ address: haproxy.statsAddress, backend: BACKEND, confirmDeadlineMs: 3000 });
  });

  afterAll(async () => {
    await haproxy?.stop();
    await a?.stop();
    await b?.stop();
  });

  it("reads the servers of a backend", async () => {
    const rows = await showServersState(haproxy.statsAddress, BACKEND);
    expect(rows.map((r) => [r.backend, r.server, r.address, r.port, r.adminState])).toEqual([
      [BACKEND, "a", "127.0.0.1", a.port, "ready"],
      [BACKEND, "b", "127.0.0.1", b.port, "maint"],
    ]);
    // `disabled` in the config is the 0x04 bit; HAProxy adds 0x01 (forced maint) at start.
    expect(rows[1]!.admin).toMatchObject({ maint: true, configDisabled: true });
    // The same API on the UNIX socket.
    const viaUnix = await getServerState(haproxy.statsSocketPath, BACKEND, "a");
    expect(viaUnix.adminState).toBe("ready");
    expect(lb.describe()).toBe(`HAProxy ${haproxy.statsAddress} backend ${BACKEND}`);
  });

  it("moves traffic from a to b, confirmed, and traffic follows", async () => {
    await eventually(async () => (await lb.verify!({ backendServer: "a" })).serving, "a serving");
    expect(new Set(await servedBy(haproxy.frontendPort, 10))).toEqual(new Set(["a"]));
    expect(await lb.state({ backendServer: "b" })).toBe("maint");

    // The failover's "move the load balancer" step: old to maint, new to ready.
    await lb.disable({ backendServer: "a" });
    await lb.enable({ backendServer: "b" });
    expect(await lb.state({ backendServer: "a" })).toBe("maint");
    expect(await lb.state({ backendServer: "b" })).toBe("ready");
    // Still 0x04 (config `disabled`) but no longer in maintenance.
    expect((await getServerState(haproxy.statsAddress, BACKEND, "b")).admin).toMatchObject({ maint: false, configDisabled: true });

    await eventually(async () => (await lb.verify!({ backendServer: "b" })).serving, "b serving");
    const before = await showStat(haproxy.statsAddress, BACKEND);
    const aHits = a.hits();
    expect(new Set(await servedBy(haproxy.frontendPort, 10))).toEqual(new Set(["b"]));
    expect(a.hits()).toBe(aHits);

    const after = await showStat(haproxy.statsAddress, BACKEND);
    const stot = (rows: typeof after, s: string) => rows.find((r) => r.server === s)!.stot;
    expect(stot(after, "b") - stot(before, "b")).toBeGreaterThanOrEqual(10);
    expect(stot(after, "a")).toBe(stot(before, "a"));
    expect(after.find((r) => r.server === "a")!.status).toBe("MAINT");
    expect((await lb.verify!({ backendServer: "a" })).serving).toBe(false);
  });

  it("drains: the state stays drain and new requests go elsewhere", async () => {
    await lb.enable({ backendServer: "a" });
    await lb.drain({ backendServer: "a" });
    expect(await lb.state({ backendServer: "a" })).toBe("drain");
    const row = await getServerState(haproxy.statsAddress, BACKEND, "a");
    expect(row.admin).toMatchObject({ drain: true, maint: false });
    expect((await showStat(haproxy.statsAddress, BACKEND)).find((r) => r.server === "a")!.status).toBe("DRAIN");
    expect(new Set(await servedBy(haproxy.frontendPort, 6))).toEqual(new Set(["b"]));
    // Still drain a moment later: nothing (health checks included) resets it.
    await new Promise((r) => setTimeout(r, 500));
    expect(await lb.state({ backendServer: "a" })).toBe("drain");
    // maint from drain clears the drain flag.
    await lb.disable({ backendServer: "a" });
    expect((await getServerState(haproxy.statsAddress, BACKEND, "a")).admin).toMatchObject({ drain: false, maint: true });
  });

  it("refuses invalid names and states before anything is sent", async () => {
    const probe = await silentServer();
    try {
      const bad = [
        setServerState(probe.address, BACKEND, "a; disable server app/b", "maint"),
        setServerState(probe.address, "app b", "a", "maint"),
        setServerState(probe.address, BACKEND, "a", "down" as never),
        setServerState(probe.address, BACKEND, "", "ready"),
        showServersState(probe.address, "x".repeat(65)),
        getServerState(probe.address, BACKEND, "a\nshutdown sessions"),
      ];
      for (const p of bad) expect((await rejection(p)).kind).toBe("invalid-argument");
      expect(() => haproxyLoadBalancer({ address: haproxy.statsAddress, backend: "app/x" })).toThrow(/invalid HAProxy backend name/);
      expect(() => haproxyLoadBalancer({ address: "localhost", backend: BACKEND })).toThrow(/address/);
      const viaLb = haproxyLoadBalancer({ address: probe.address, backend: BACKEND });
      expect((await rejection(viaLb.disable({ backendServer: "a b" }))).kind).toBe("invalid-argument");
      expect(probe.connections()).toBe(0);
    } finally {
      await probe.stop();
    }
  });

  it("reports HAProxy's own error for an unknown server or backend", async () => {
    const e = await rejection(lb.disable({ backendServer: "nosuch" }));
    expect(e.kind).toBe("not-found");
    expect(e.response).toBe("No such server.");
    expect(e.message).toContain("No such server.");

    const be = await rejection(setServerState(haproxy.statsAddress, "nosuch", "a", "ready"));
    expect(be).toMatchObject({ kind: "not-found", response: "No such backend." });
    // `show servers state` words it differently.
    const show = await rejection(showServersState(haproxy.statsAddress, "nosuch"));
    expect(show).toMatchObject({ kind: "not-found", response: "Can't find backend." });
    // A server missing from an existing backend: found by us, not by HAProxy.
    expect((await rejection(lb.state({ backendServer: "nosuch" }))).kind).toBe("not-found");
  });

  it("fails fast on a dead address and times out on a silent one", async () => {
    const dead = `127.0.0.1:${await freePort()}`;
    const t0 = Date.now();
    expect((await rejection(showServersState(dead, BACKEND))).kind).toBe("refused");
    expect((await rejection(haproxyLoadBalancer({ address: dead, backend: BACKEND }).state({ backendServer: "a" }))).kind).toBe("refused");
    expect((await rejection(getServerState("/nonexistent/haproxy.sock", BACKEND, "a"))).kind).toBe("refused");
    expect(Date.now() - t0).toBeLessThan(2000);

    const silent = await silentServer();
    try {
      const t1 = Date.now();
      const e = await rejection(showServersState(silent.address, BACKEND, { timeoutMs: 300 }));
      expect(e.kind).toBe("timeout");
      expect(Date.now() - t1).toBeLessThan(2000);
    } finally {
      await silent.stop();
    }
  });

  it("says so when HAProxy never reports the wanted state", async () => {
    // a is in maint (previous test); nobody sets it ready.
    const t0 = Date.now();
    const e = await rejection(waitForServerState(haproxy.statsAddress, BACKEND, "a", "ready", { deadlineMs: 400, intervalMs: 50 }));
    expect(e.kind).toBe("not-confirmed");
    expect(e.message).toMatch(/did not report app\/a as ready within 400 ms \(last seen: maint\)/);
    expect(Date.now() - t0).toBeLessThan(2000);
  });
});
