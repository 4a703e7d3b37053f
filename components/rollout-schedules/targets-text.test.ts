import { describe, expect, it } from "vitest";
import { targetsText } from "./targets-text";

const none = { serverIds: [], groupIds: [], siteIds: [], tags: [] };
const id = "0190f3a0-0000-7000-8000-000000000000";

describe("targetsText", () => {
  it("counts servers, groups and sites and names tags", () => {
    expect(targetsText({ ...none, serverIds: [id, id], groupIds: [id], tags: ["web", "eu"] })).toBe("2 servers · 1 group · tags web, eu");
    expect(targetsText({ ...none, siteIds: [id], tags: ["web"] })).toBe("1 site · tag web");
  });

  it("says when there are none", () => {
    expect(targetsText(none)).toBe("no targets");
  });
});
