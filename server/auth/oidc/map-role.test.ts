import { describe, expect, it } from "vitest";
import { groupsFromClaims, mapClaimsToRole, type RoleMapping } from "./map-role";

const mapping: RoleMapping = {
  roleClaim: "groups",
  groups: { ADMIN: ["tandem-admins"], OPERATOR: ["tandem-operators", "sre"], VIEWER: ["tandem-viewers"] },
  defaultRole: null,
};

describe("mapClaimsToRole", () => {
  it("gives the role of the mapped group", () => {
    expect(mapClaimsToRole({ groups: ["tandem-operators"] }, mapping)).toEqual({ role: "OPERATOR", groups: ["tandem-operators"] });
    expect(mapClaimsToRole({ groups: ["staff", "tandem-viewers"] }, mapping).role).toBe("VIEWER");
    expect(mapClaimsToRole({ groups: ["sre"] }, mapping).role).toBe("OPERATOR");
  });

  it("gives the highest role when several groups map", () => {
    expect(mapClaimsToRole({ groups: ["tandem-viewers", "tandem-admins", "sre"] }, mapping).role).toBe("ADMIN");
    expect(mapClaimsToRole({ groups: ["tandem-viewers", "sre"] }, mapping).role).toBe("OPERATOR");
  });

  it("refuses a user in no mapped group when there is no default role, saying why", () => {
    expect(mapClaimsToRole({ groups: ["marketing"] }, mapping)).toEqual({
      role: null,
      groups: ["marketing"],
      reason: "none of the user's groups is mapped to a Tandem role",
    });
    expect(mapClaimsToRole({ sub: "x" }, mapping)).toMatchObject({ role: null, reason: 'no groups in the "groups" claim' });
  });

  it("falls back to the default role when one is set", () => {
    expect(mapClaimsToRole({ groups: ["marketing"] }, { ...mapping, defaultRole: "VIEWER" }).role).toBe("VIEWER");
    expect(mapClaimsToRole({}, { ...mapping, defaultRole: "VIEWER" }).role).toBe("VIEWER");
    // A mapped group still wins over the default.
    expect(mapClaimsToRole({ groups: ["tandem-admins"] }, { ...mapping, defaultRole: "VIEWER" }).role).toBe("ADMIN");
  });

  it("matches names exactly: no case folding, no substrings", () => {
    expect(mapClaimsToRole({ groups: ["Tandem-Admins", "tandem-admins-old", "xsre"] }, mapping).role).toBeNull();
  });

  it("matches the last segment of a group path (Keycloak)", () => {
    expect(mapClaimsToRole({ groups: ["/corp/ops/tandem-operators"] }, mapping).role).toBe("OPERATOR");
    expect(mapClaimsToRole({ groups: ["/corp/tandem-operators/sub"] }, mapping).role).toBeNull();
  });

  it("reads a nested claim, e.g. Keycloak realm roles", () => {
    const nested = { ...mapping, roleClaim: "realm_access.roles" };
    expect(mapClaimsToRole({ realm_access: { roles: ["tandem-admins"] } }, nested).role).toBe("ADMIN");
    expect(mapClaimsToRole({ realm_access: "tandem-admins" }, nested).role).toBeNull();
  });
});

describe("groupsFromClaims", () => {
  it("accepts an array, a single string or a space/comma list, and ignores other values", () => {
    expect(groupsFromClaims({ groups: ["a", 3, "", "b", null] }, "groups")).toEqual(["a", "b"]);
    expect(groupsFromClaims({ groups: "a" }, "groups")).toEqual(["a"]);
    expect(groupsFromClaims({ roles: "a b,c" }, "roles")).toEqual(["a", "b", "c"]);
    expect(groupsFromClaims({ groups: { a: true } }, "groups")).toEqual([]);
    expect(groupsFromClaims({ groups: 7 }, "groups")).toEqual([]);
  });
});
