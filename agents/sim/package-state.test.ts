import { describe, expect, it } from "vitest";
import { demoFleetSpec } from "./demo-fleet";
import { HostModel } from "./host-model";
import { applyPatch, bootPackages, initialPackages, nextKernel, patchOutput, planPatch, type PackageState } from "./package-state";

const T0 = Date.UTC(2026, 0, 1);
const state = (over: Partial<PackageState> = {}): PackageState => ({
  source: "apt",
  pending: 20,
  security: 4,
  kernelPending: true,
  kernelSecurity: false,
  running: "6.1.0-28-amd64",
  installed: "6.1.0-28-amd64",
  rebootRequired: false,
  ...over,
});

describe("package state", () => {
  it("names the next kernel build in each distribution's style", () => {
    expect(nextKernel("6.1.0-28-amd64")).toBe("6.1.0-29-amd64");
    expect(nextKernel("5.15.0-126-generic")).toBe("5.15.0-127-generic");
    expect(nextKernel("5.14.0-427.42.1.el9_4.x86_64")).toBe("5.14.0-427.43.1.el9_4.x86_64");
  });

  it("is the same for the same seed and host", () => {
    expect(initialPackages(1, "web-1", "apt", "6.1.0-28-amd64")).toEqual(initialPackages(1, "web-1", "apt", "6.1.0-28-amd64"));
    const many = (seed: number) => Array.from({ length: 20 }, (_, i) => initialPackages(seed, `h${i}`, "dnf", "5.14.0-427.42.1.el9_4.x86_64"));
    expect(many(1)).not.toEqual(many(2));
  });

  it("patching everything clears the pending updates and installs the pending kernel", () => {
    const s = state();
    const out = applyPatch(s, "all");
    expect(out).toMatchObject({ applied: 20, kernel: "6.1.0-29-amd64" });
    expect(out.packages[0]).toBe("linux-image-6.1.0-29-amd64");
    expect(s).toMatchObject({ pending: 0, security: 0, kernelPending: false, running: "6.1.0-28-amd64", installed: "6.1.0-29-amd64", rebootRequired: true });
    bootPackages(s);
    expect(s).toMatchObject({ running: "6.1.0-29-amd64", installed: "6.1.0-29-amd64", rebootRequired: false });
  });

  it("patching security only takes the security updates, and the kernel only when it is one", () => {
    const s = state();
    expect(applyPatch(s, "security")).toMatchObject({ applied: 4, kernel: null });
    expect(s).toMatchObject({ pending: 16, security: 0, kernelPending: true, installed: "6.1.0-28-amd64", rebootRequired: false });
    const k = state({ kernelSecurity: true, source: "dnf", running: "5.14.0-427.42.1.el9_4.x86_64", installed: "5.14.0-427.42.1.el9_4.x86_64" });
    expect(applyPatch(k, "security")).toMatchObject({ applied: 4, kernel: "5.14.0-427.43.1.el9_4.x86_64" });
    expect(k).toMatchObject({ pending: 16, rebootRequired: true, installed: "5.14.0-427.43.1.el9_4.x86_64" });
  });

  it("a host already waiting for a reboot gets a kernel newer than the one on disk", () => {
    const s = state({ installed: "6.1.0-29-amd64", rebootRequired: true });
    expect(planPatch(s, "all").kernel).toBe("6.1.0-30-amd64");
  });

  it("prints apt and dnf output, and says so when there is nothing to do", () => {
    const s = state();
    expect(patchOutput(s, "all", planPatch(s, "all")).join("\n")).toMatch(/20 upgraded, 1 newly installed/);
    const d = state({ source: "dnf" });
    expect(patchOutput(d, "all", planPatch(d, "all")).at(-1)).toBe("Complete!");
    const none = state({ pending: 0, security: 0, kernelPending: false });
    expect(patchOutput(none, "all", planPatch(none, "all")).join("\n")).toMatch(/0 upgraded/);
  });

  it("gives the demo fleet a realistic mix, reported in its samples", () => {
    const samples = demoFleetSpec().map((spec) => {
      const m = new HostModel(spec, 1, T0);
      return { m, s: m.sample(T0, new Map(), []) };
    });
    const n = samples.length;
    const count = (f: (x: (typeof samples)[number]) => boolean) => samples.filter(f).length;
    expect(count(({ s }) => s.updates!.pending === 0)).toBeGreaterThanOrEqual(1);
    expect(count(({ s }) => s.updates!.pending === 0)).toBeLessThanOrEqual(n / 4);
    expect(count(({ s }) => s.updates!.security! > 0)).toBeGreaterThanOrEqual(n / 5);
    expect(count(({ s }) => s.updates!.security! > 0)).toBeLessThanOrEqual(n / 2);
    expect(count(({ m }) => m.packages.kernelPending)).toBeGreaterThanOrEqual(n / 4);
    expect(count(({ m }) => m.packages.kernelPending)).toBeLessThanOrEqual(0.6 * n);
    const waiting = samples.filter(({ s }) => s.rebootRequired);
    expect(waiting.length).toBeGreaterThanOrEqual(1);
    expect(waiting.length).toBeLessThanOrEqual(n / 4);
    for (const { s } of waiting) expect(s.kernelInstalled).not.toBe(s.kernel);
    for (const { s } of samples) expect(s.updates!.source).toBe(s.os.startsWith("Red Hat") ? "dnf" : "apt");
  });
});
