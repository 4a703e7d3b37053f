// Patching and rebooting virtual hosts over real SSH, with the scripts a rollout
// sends (server/rollouts/patch-commands.ts, wrapped by run-hook.ts remoteScript).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agentScript, pipedAgentCommand } from "../../server/agent/agent-command";
import { ZAgentSample, type TAgentSample } from "../../server/agent/agent-sample.types";
import { remoteScript } from "../../server/failover/run-hook";
import { patchScript, REBOOT_SCRIPT } from "../../server/rollouts/patch-commands";
import { connectSim, execSim } from "./sim-client";
import { DEFAULT_SIM_PASSWORD, startSimFleet } from "./sim-fleet";
import type { SimFleet } from "./sim-types";

const DEBIAN = "Debian GNU/Linux 12 (bookworm)";
const RHEL = "Red Hat Enterprise Linux 9.4 (Plow)";
const TIMING = { patchMs: 300, rebootDelayMs: 200, bootMs: 600 };

describe("a virtual host patched and rebooted", () => {
  const base = `127.33.${process.pid % 250}`;
  let fleet: SimFleet;
  beforeAll(async () => {
    fleet = await startSimFleet({
      hosts: [
        { name: "deb", updates: { pending: 12, security: 3, kernelPending: true, rebootRequired: false } },
        { name: "rhel", updates: { pending: 10, security: 4, kernelPending: true, kernelSecurity: false, rebootRequired: false } },
        { name: "fails", updates: { pending: 7, security: 1, kernelPending: true } },
        { name: "stuck" },
        { name: "svc" },
        { name: "custom", updates: { pending: 5, security: 0, kernelPending: false } },
        { name: "gone", updates: { pending: 9, security: 2, kernelPending: true, rebootRequired: false } },
      ].map((h, i) => ({ ...h, address: `${base}.${i + 1}`, os: h.name === "rhel" ? RHEL : DEBIAN, services: ["postgresql", "pgbouncer"] })),
      seed: 5,
      timing: TIMING,
    });
  });
  afterAll(() => fleet?.stop());

  const target = (name: string) => ({ ...fleet.host(name), password: DEFAULT_SIM_PASSWORD });
  const run = async (name: string, command: string, stdin?: string) => {
    const c = await connectSim(target(name));
    try {
      return await execSim(c, command, { ...(stdin === undefined ? {} : { stdin }), timeoutMs: 10_000 });
    } finally {
      c.end();
    }
  };
  /** As run-rollout-host.ts sends it: `sh -s` with the exports and the script on stdin. */
  const script = (name: string, s: string) => run(name, "sh -s", remoteScript(s, { TANDEM_ROLLOUT: "op-1", TANDEM_SERVER: name }, {}));
  const sample = async (name: string): Promise<TAgentSample> =>
    ZAgentSample.parse(JSON.parse((await run(name, pipedAgentCommand({ services: ["postgresql", "pgbouncer"] }), agentScript().source.toString())).stdout));
  const refused = async (name: string) => connectSim(target(name), { timeoutMs: 1000 }).then((c) => (c.end(), "connected"), (e: NodeJS.ErrnoException) => e.code);
  const waitUntil = async (what: string, ok: () => Promise<boolean>, ms = 5000) => {
    for (const end = Date.now() + ms; Date.now() < end; ) {
      if (await ok()) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`timed out waiting for ${what}`);
  };

  it("patches with the default script, reboots, refuses SSH meanwhile and comes back on the new kernel", async () => {
    const before = await sample("deb");
    expect(before.updates!.source).toBe("apt");

    const patched = await script("deb", patchScript("apt", "all"));
    expect(patched.code, patched.stderr).toBe(0);
    expect(patched.ms).toBeGreaterThanOrEqual(TIMING.patchMs * 0.8);
    expect(patched.stdout).toMatch(/12 upgraded/);
    const after = await sample("deb");
    expect(after.updates).toMatchObject({ pending: 0, security: 0 });
    expect(after.rebootRequired).toBe(true);
    expect(after.kernel).toBe(before.kernel);
    expect(after.kernelInstalled).not.toBe(before.kernel);

    const asked = Date.now();
    const r = await script("deb", REBOOT_SCRIPT);
    expect(r).toMatchObject({ code: 0, stdout: "reboot scheduled in 1 s\n" });
    await waitUntil("the host to go down", async () => (await refused("deb")) === "ECONNREFUSED");
    expect(fleet.host("deb")).toMatchObject({ power: "off", poweredOffBy: "reboot" });
    await waitUntil("the host to come back", async () => (await refused("deb")) === "connected");
    const back = await sample("deb");
    expect(back.kernel).toBe(after.kernelInstalled);
    expect(back.kernelInstalled).toBe(back.kernel);
    expect(back.rebootRequired).toBe(false);
    expect(back.uptimeSec * 1000).toBeLessThan(Date.now() - asked);
    expect(back.services.every((s) => s.state === "active")).toBe(true);
  });

  it("patches security only with dnf, and a custom `tandem-sim patch` works too", async () => {
    const r = await script("rhel", patchScript("dnf", "security"));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Complete!/);
    expect(await sample("rhel")).toMatchObject({ updates: { pending: 6, security: 0 }, rebootRequired: false });
    // The apt script on a RHEL host finds no apt-get.
    expect((await script("rhel", patchScript("apt", "all"))).code).toBe(127);

    const custom = await script("custom", "tandem-sim patch");
    expect(custom.code).toBe(0);
    expect((await sample("custom")).updates!.pending).toBe(0);
  });

  it("stops a patch whose channel closes, changing nothing", async () => {
    const c = await connectSim(target("gone"));
    try {
      const firstLine = await new Promise<string>((resolve, reject) =>
        c.client.exec("tandem-sim patch", (err, ch) => {
          if (err) return reject(err);
          ch.once("data", (d: Buffer) => {
            ch.close();
            resolve(d.toString());
          });
          ch.end();
        }),
      );
      expect(firstLine).toMatch(/^Hit:1 /);
    } finally {
      c.end();
    }
    await new Promise((r) => setTimeout(r, TIMING.patchMs + 200));
    expect(await sample("gone")).toMatchObject({ updates: { pending: 9, security: 2 }, rebootRequired: false });
  });

  it("patch-fails: exits 100 with the package manager's error and changes nothing", async () => {
    await fleet.inject("fails", "patch-fails");
    const r = await script("fails", patchScript("apt", "all"));
    expect(r.code).toBe(100);
    expect(r.stderr).toMatch(/E: Sub-process \/usr\/bin\/dpkg returned an error code/);
    expect(await sample("fails")).toMatchObject({ updates: { pending: 7, security: 1 } });
    await fleet.clear("fails", "patch-fails");
    expect((await script("fails", "tandem-sim patch --security")).code).toBe(0);
  });

  it("no-boot: a reboot leaves the host off until the fault is cleared", async () => {
    await fleet.inject("stuck", "no-boot");
    expect((await script("stuck", "tandem-sim reboot")).code).toBe(0);
    await waitUntil("the host to go down", async () => (await refused("stuck")) === "ECONNREFUSED");
    await new Promise((r) => setTimeout(r, TIMING.bootMs + 300));
    expect(await refused("stuck")).toBe("ECONNREFUSED");
    expect(fleet.host("stuck")).toMatchObject({ power: "off", poweredOffBy: "reboot (no-boot fault)" });
    await fleet.clear("stuck", "no-boot");
    expect(fleet.host("stuck").power).toBe("on");
    expect((await sample("stuck")).uptimeSec).toBeLessThan(5);
  });

  it("service-fails-after-boot: after the reboot the named service stays stopped", async () => {
    await fleet.inject("svc", "service-fails-after-boot", { service: "pgbouncer" });
    expect((await sample("svc")).services.map((s) => s.state)).toEqual(["active", "active"]);
    expect((await script("svc", REBOOT_SCRIPT)).code).toBe(0);
    await waitUntil("the host to go down", async () => (await refused("svc")) === "ECONNREFUSED");
    await waitUntil("the host to come back", async () => (await refused("svc")) === "connected");
    expect((await sample("svc")).services).toEqual([
      { name: "postgresql", state: "active" },
      { name: "pgbouncer", state: "inactive" },
    ]);
    expect(fleet.faults("svc").map((f) => f.fault).sort()).toEqual(["service-fails-after-boot", "service-stopped"]);
  });
});
