import { describe, expect, it } from "vitest";
import { draftSettings, EMPTY_DRAFT, notReady, serverMessage } from "./rollout-draft";

const site = "00000000-0000-4000-8000-000000000001";

describe("draftSettings", () => {
  it("waits for a target", () => {
    const { settings, errors } = draftSettings(EMPTY_DRAFT);
    expect(settings).toBeNull();
    expect(notReady(EMPTY_DRAFT, errors)).toMatch(/Pick servers/);
  });

  it("turns the typed sizes into the API's", () => {
    const d = { ...EMPTY_DRAFT, targets: { ...EMPTY_DRAFT.targets, siteIds: [site] }, ramp: "1, 50%", perBatch: "1", overall: "10%", hostTimeoutMinutes: 5 };
    const { settings, errors } = draftSettings(d);
    expect(errors).toEqual({});
    expect(settings).toMatchObject({ batches: [1, "50%"], failureBudget: { perBatch: 1, overall: "10%" }, hostTimeoutSeconds: 300, command: { kind: "all" } });
    expect(settings).not.toHaveProperty("windowId");
  });

  it("reports a bad size at its field and plans nothing", () => {
    const d = { ...EMPTY_DRAFT, targets: { ...EMPTY_DRAFT.targets, siteIds: [site] }, ramp: "1, lots" };
    const { settings, errors } = draftSettings(d);
    expect(settings).toBeNull();
    expect(errors.batches).toMatch(/"lots"/);
    expect(notReady(d, errors)).toMatch(/Fix the fields/);
  });

  it("sends the window's cutoff only with a window, and a custom script only when written", () => {
    const base = { ...EMPTY_DRAFT, targets: { ...EMPTY_DRAFT.targets, tags: ["web"] } };
    expect(draftSettings({ ...base, windowId: site, cutoffMinutes: 15 }).settings).toMatchObject({ windowId: site, windowCutoffMinutes: 15 });
    expect(draftSettings({ ...base, command: "custom", script: " " }).errors["command.script"]).toBeTruthy();
    expect(draftSettings({ ...base, command: "custom", script: "apt-get -y upgrade" }).settings?.command).toEqual({ kind: "custom", script: "apt-get -y upgrade" });
  });
});

describe("serverMessage", () => {
  it("finds a message for the field or below it", () => {
    expect(serverMessage({ "batches.1": "bad" }, "batches")).toBe("bad");
    expect(serverMessage({ batchesX: "no" }, "batches")).toBeUndefined();
  });
});
