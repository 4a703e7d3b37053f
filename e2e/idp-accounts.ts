// The test IdP's accounts (e2e/oidc-idp.ts), apart from it so a spec can name
// them without loading oidc-provider into the test runner.
export const IDP_ACCOUNTS = {
  olivia: { email: "olivia@idp.test", name: "Olivia Operator", groups: ["staff", "tandem-operators"] },
  vera: { email: "vera@idp.test", name: "Vera Viewer", groups: ["tandem-viewers"] },
  nora: { email: "nora@idp.test", name: "Nora Nogroup", groups: ["marketing"] },
} as const;
