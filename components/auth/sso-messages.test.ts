import { describe, expect, it } from "vitest";
import { SSO_ERROR_CODES } from "@/server/auth/oidc/sso-error";
import { ssoErrorMessage } from "./sso-messages";

describe("ssoErrorMessage", () => {
  it("has a sentence for every failure code", () => {
    for (const code of SSO_ERROR_CODES) expect(ssoErrorMessage(code)).toMatch(/\.$/);
    expect(ssoErrorMessage("role")).toBe("Your account is not in a group that may use Tandem. Ask an administrator for access.");
  });

  it("shows only its own sentences: an unknown code gets the generic one, no code none", () => {
    expect(ssoErrorMessage("<script>alert(1)</script>")).toBe(ssoErrorMessage("failed"));
    expect(ssoErrorMessage("toString")).toBe(ssoErrorMessage("failed"));
    expect(ssoErrorMessage(undefined)).toBeNull();
    expect(ssoErrorMessage(["role", "state"])).toBeNull();
  });
});
