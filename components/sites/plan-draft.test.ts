import { describe, expect, it } from "vitest";
import { addStage, draftOf, groupInfoOf, moveGroup, moveStage, orderProblems, removeStage, requestOf, splitPlanErrors, unplannedOf, updateStage, type TPlanDraft } from "./plan-draft";
import type { TRecoveryPlan } from "./types";

const PG = "00000000-0000-4000-8000-000000000001";
const WEB = "00000000-0000-4000-8000-000000000002";
const MON = "00000000-0000-4000-8000-000000000003";
const BASTION = "00000000-0000-4000-8000-0000000000b1";

const plan: TRecoveryPlan = {
  site: { id: "00000000-0000-4000-8000-0000000000f1", name: "fra1" },
  source: "derived",
  parallelism: 4,
  stages: [
    { name: "Databases", groups: [{ id: PG, name: "pg-fra1", dependsOn: [] }], pre: null, post: { serverId: BASTION, serverName: "bastion", command: "dns-flip", timeoutSeconds: 30 } },
    { name: "Web", groups: [{ id: WEB, name: "web-fra1", dependsOn: ["pg-fra1"] }], pre: null, post: null },
  ],
  unplanned: [{ id: MON, name: "mon-fra1" }],
  updatedBy: null,
  updatedAt: null,
};

const ids = (d: TPlanDraft) => d.stages.map((s) => s.groupIds);

describe("the recovery plan draft", () => {
  const d = draftOf(plan);
  const info = groupInfoOf(plan);

  it("starts from the plan and saves as the API takes it", () => {
    expect(requestOf(d)).toEqual({
      parallelism: 4,
      stages: [
        { name: "Databases", groupIds: [PG], pre: null, post: { serverId: BASTION, command: "dns-flip", timeoutSeconds: 30 } },
        { name: "Web", groupIds: [WEB], pre: null, post: null },
      ],
    });
    expect(unplannedOf(d, info)).toEqual([MON]);
  });

  it.each([
    ["into another stage", WEB, 0, [[PG, WEB], []]],
    ["out of the plan", PG, null, [[], [WEB]]],
    ["into the stage it is in (to its end)", PG, 0, [[PG], [WEB]]],
  ] as const)("moves a group %s", (_, group, to, expected) => {
    expect(ids(moveGroup(d, group, to))).toEqual(expected);
  });

  it("brings an unplanned group into a stage", () => {
    const next = moveGroup(d, MON, 1);
    expect(ids(next)).toEqual([[PG], [WEB, MON]]);
    expect(unplannedOf(next, info)).toEqual([]);
  });

  it("adds stages with their own keys and names", () => {
    const next = addStage(addStage(d));
    expect(next.stages.map((s) => s.name)).toEqual(["Databases", "Web", "Stage 3", "Stage 4"]);
    expect(new Set(next.stages.map((s) => s.key)).size).toBe(4);
  });

  it.each([
    ["a later stage into the one before", 1, [[PG, WEB]]],
    ["the first stage into the next", 0, [[WEB, PG]]],
  ] as const)("removes %s", (_, index, expected) => {
    expect(ids(removeStage(d, index))).toEqual(expected);
  });

  it("keeps the last stage", () => {
    const one = removeStage(d, 1);
    expect(removeStage(one, 0)).toBe(one);
  });

  it("swaps stages, and ignores a move off either end", () => {
    expect(moveStage(d, 1, -1).stages.map((s) => s.name)).toEqual(["Web", "Databases"]);
    expect(moveStage(d, 0, -1)).toBe(d);
    expect(moveStage(d, 1, 1)).toBe(d);
  });

  it("edits a stage's name and hooks", () => {
    const next = updateStage(d, 1, { name: "Front", pre: { serverId: BASTION, command: "drain-cdn", timeoutSeconds: 120 } });
    expect(requestOf(next).stages[1]).toEqual({ name: "Front", groupIds: [WEB], pre: { serverId: BASTION, command: "drain-cdn", timeoutSeconds: 120 }, post: null });
  });

  it("flags a group placed no later than what it needs", () => {
    expect(orderProblems(d, info).size).toBe(0);
    expect(orderProblems(moveGroup(d, WEB, 0), info).get(WEB)).toBe("needs pg-fra1 in an earlier stage");
    expect(orderProblems(moveStage(d, 1, -1), info).get(WEB)).toMatch(/pg-fra1/);
    // A dependency outside the plan is the server's to judge.
    expect(orderProblems(moveGroup(d, PG, null), info).size).toBe(0);
  });
});

describe("the server's 422 on a plan", () => {
  it("puts each message under its stage, the rest above", () => {
    const split = splitPlanErrors(
      [
        { path: "body.stages.1.groupIds", message: "web-fra1 needs pg-fra1 in an earlier stage" },
        { path: "body.stages.0.pre.command", message: "must not be empty" },
        { path: "body.stages.7", message: "out of range" },
        { path: "body.parallelism", message: "must be at most 100" },
        { path: "body", message: "a group is listed twice" },
      ],
      2,
    );
    expect(split.stages).toEqual([["pre command: must not be empty"], ["web-fra1 needs pg-fra1 in an earlier stage"]]);
    expect(split.other).toEqual(["stages.7: out of range", "parallelism: must be at most 100", "a group is listed twice"]);
  });
});
