import { describe, expect, it } from "vitest";
import { compareKernel, complianceStatus, sortCompliance, summarizeCompliance, type TPatchFacts } from "./compliance-status";
import type { TComplianceServer } from "./rollouts.types";

const facts = (o: Partial<TPatchFacts> = {}): TPatchFacts => ({ pending: 0, security: 0, rebootRequired: false, kernelRunning: "6.1.0-26-amd64", kernelInstalled: null, ...o });

describe("complianceStatus", () => {
  it("is UNKNOWN without a sample or an update count", () => {
    expect(complianceStatus(null)).toBe("UNKNOWN");
    expect(complianceStatus(facts({ pending: null, security: null }))).toBe("UNKNOWN");
  });

  it("puts a needed reboot above everything, from the flag or a newer kernel installed", () => {
    expect(complianceStatus(facts({ rebootRequired: true, pending: 4, security: 2 }))).toBe("REBOOT");
    expect(complianceStatus(facts({ kernelInstalled: "6.1.0-28-amd64" }))).toBe("REBOOT");
    expect(complianceStatus(facts({ rebootRequired: true, pending: null }))).toBe("REBOOT");
  });

  it("does not ask for a reboot when the installed kernel is the running one or older", () => {
    expect(complianceStatus(facts({ kernelInstalled: "6.1.0-26-amd64" }))).toBe("UP_TO_DATE");
    expect(complianceStatus(facts({ kernelInstalled: "6.1.0-9-amd64" }))).toBe("UP_TO_DATE");
  });

  it("then security updates, then any updates, else up to date", () => {
    expect(complianceStatus(facts({ pending: 5, security: 1 }))).toBe("SECURITY");
    expect(complianceStatus(facts({ pending: 5, security: 0 }))).toBe("UPDATES");
    expect(complianceStatus(facts({ pending: 5, security: null }))).toBe("UPDATES");
    expect(complianceStatus(facts())).toBe("UP_TO_DATE");
  });
});

describe("compareKernel", () => {
  it("compares numeric parts as numbers", () => {
    expect(compareKernel("6.1.0-28-amd64", "6.1.0-26-amd64")).toBeGreaterThan(0);
    expect(compareKernel("6.10.0-1-amd64", "6.9.12-1-amd64")).toBeGreaterThan(0);
    expect(compareKernel("5.14.0-427.13.1.el9_4.x86_64", "5.14.0-427.20.1.el9_4.x86_64")).toBeLessThan(0);
    expect(compareKernel("6.1.0-26-amd64", "6.1.0-26-amd64")).toBe(0);
  });
});

const row = (name: string, o: Partial<TComplianceServer> = {}): TComplianceServer => ({
  serverId: "00000000-0000-4000-8000-000000000000",
  name,
  siteId: null,
  siteName: null,
  tags: [],
  groups: [],
  os: null,
  packageManager: "apt",
  pendingUpdates: 0,
  securityUpdates: 0,
  rebootRequired: false,
  kernelRunning: null,
  kernelInstalled: null,
  lastPatchedAt: null,
  checkedAt: null,
  status: "UP_TO_DATE",
  ...o,
});

describe("sortCompliance", () => {
  const rows = [
    row("ok-b", { lastPatchedAt: "2026-01-02T00:00:00.000Z" }),
    row("ok-a", { lastPatchedAt: "2026-01-01T00:00:00.000Z" }),
    row("unknown", { status: "UNKNOWN", pendingUpdates: null, securityUpdates: null, rebootRequired: null }),
    row("updates-3", { status: "UPDATES", pendingUpdates: 3 }),
    row("updates-9", { status: "UPDATES", pendingUpdates: 9 }),
    row("sec-1", { status: "SECURITY", pendingUpdates: 20, securityUpdates: 1 }),
    row("sec-4", { status: "SECURITY", pendingUpdates: 4, securityUpdates: 4 }),
    row("reboot-0", { status: "REBOOT", rebootRequired: true }),
    row("reboot-4", { status: "REBOOT", pendingUpdates: 6, securityUpdates: 4, rebootRequired: true }),
  ];

  it("puts reboots and security updates first by security count, then updates by count, unknown, up to date (oldest patched first)", () => {
    expect(sortCompliance(rows).map((r) => r.name)).toEqual(["reboot-4", "sec-4", "sec-1", "reboot-0", "updates-9", "updates-3", "unknown", "ok-a", "ok-b"]);
  });

  it("sorts by the other keys with unknown counts last and never-patched first", () => {
    expect(sortCompliance(rows, "pending").map((r) => r.name).slice(0, 3)).toEqual(["sec-1", "updates-9", "reboot-4"]);
    expect(sortCompliance(rows, "pending").at(-1)!.name).toBe("unknown");
    expect(sortCompliance(rows, "security").map((r) => r.name).slice(0, 3)).toEqual(["reboot-4", "sec-4", "sec-1"]);
    expect(sortCompliance(rows, "lastPatched").map((r) => r.name).slice(-2)).toEqual(["ok-a", "ok-b"]);
    expect(sortCompliance(rows, "name")[0]!.name).toBe("ok-a");
  });

  it("does not change the input", () => {
    const before = rows.map((r) => r.name);
    sortCompliance(rows);
    expect(rows.map((r) => r.name)).toEqual(before);
  });
});

describe("summarizeCompliance", () => {
  it("counts the rows given: statuses add up to the servers, conditions overlap", () => {
    const s = summarizeCompliance([
      row("a"),
      row("b", { status: "REBOOT", pendingUpdates: 2, securityUpdates: 1, rebootRequired: true }),
      row("c", { status: "SECURITY", pendingUpdates: 3, securityUpdates: 3 }),
      row("d", { status: "UPDATES", pendingUpdates: 1 }),
      row("e", { status: "UNKNOWN", pendingUpdates: null, securityUpdates: null }),
    ]);
    expect(s).toEqual({
      servers: 5,
      upToDate: 1,
      withUpdates: 3,
      withSecurity: 2,
      rebootRequired: 1,
      unknown: 1,
      pendingTotal: 6,
      securityTotal: 4,
      byStatus: { REBOOT: 1, SECURITY: 1, UPDATES: 1, UNKNOWN: 1, UP_TO_DATE: 1 },
    });
  });
});
