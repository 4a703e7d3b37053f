// Single sign-on through a real OpenID provider (e2e/oidc-idp.ts, started by
// e2e/serve.ts before Tandem): the IdP's own login form, its groups mapped to
// Tandem roles, and a refusal for a user in no mapped group.
import { expect, test, type Page } from "@playwright/test";
import { ADMIN, api, signIn } from "./fixtures";
import { IDP_ACCOUNTS } from "./idp-accounts";

async function signInThroughIdp(page: Page, login: keyof typeof IDP_ACCOUNTS) {
  await page.goto("/login");
  await page.getByRole("link", { name: "Sign in with Test IdP" }).click();
  // The IdP's page, on its own port: its development login form takes any password.
  await expect(page).not.toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/login/);
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("any password at all");
  await page.getByRole("button", { name: "Sign-in" }).click();
}

test("an IdP user in the operators group signs in and works as an operator", async ({ page }) => {
  await signInThroughIdp(page, "olivia");
  await expect(page).toHaveURL(/\/fleet$/);
  await expect(page.getByRole("heading", { name: "Fleet", level: 1 })).toBeVisible();
  await expect(page.getByText(IDP_ACCOUNTS.olivia.name)).toBeVisible();
  await expect(page.getByText("OPERATOR").first()).toBeVisible();

  const me = await api<{ email: string; role: string }>(page, "GET", "/api/v1/auth/me");
  expect(me.body).toMatchObject({ email: IDP_ACCOUNTS.olivia.email, role: "OPERATOR" });
  await page.goto("/rollouts");
  await expect(page.getByRole("link", { name: "New rollout" })).toBeVisible();

  // The account has no password: the local form refuses it like any wrong password.
  const local = await api(page, "POST", "/api/v1/auth/login", { email: IDP_ACCOUNTS.olivia.email, password: "any password at all" });
  expect(local.status).toBe(401);
});

test("an IdP user in the viewers group can look but not act", async ({ page }) => {
  await signInThroughIdp(page, "vera");
  await expect(page).toHaveURL(/\/fleet$/);
  await expect(page.getByText("VIEWER").first()).toBeVisible();

  await page.goto("/rollouts");
  await expect(page.getByRole("heading", { name: "Rollouts", level: 1 })).toBeVisible();
  await expect(page.getByRole("link", { name: "Schedules" })).toBeVisible();
  await expect(page.getByRole("link", { name: "New rollout" })).toHaveCount(0);

  const res = await api<{ detail: string }>(page, "POST", "/api/v1/maintenance-windows", {});
  expect(res.status).toBe(403);
  expect(res.body.detail).toMatch(/OPERATOR role/);
});

test("an IdP user in no mapped group is refused with a message, and the refusal is audited", async ({ page }) => {
  await signInThroughIdp(page, "nora");
  await expect(page).toHaveURL(/\/login\?sso_error=role$/);
  await expect(page.locator("#sso-error")).toHaveText("Your account is not in a group that may use Tandem. Ask an administrator for access.");
  expect((await api(page, "GET", "/api/v1/auth/me")).status).toBe(401);

  // Local sign-in stays beside single sign-on (the first admin, break-glass).
  await signIn(page, ADMIN);
  const audit = await api<{ events: { action: string; actor: { label: string }; details: { code?: string; reason?: string } }[] }>(
    page,
    "GET",
    "/api/v1/audit-events?action=auth.sso_login",
  );
  expect(audit.status).toBe(200);
  const refusal = audit.body.events.find((e) => e.action === "auth.sso_login_failed" && e.actor.label === IDP_ACCOUNTS.nora.email);
  expect(refusal?.details).toMatchObject({ code: "role" });
  expect(refusal?.details.reason).toMatch(/marketing/);
  expect(audit.body.events.some((e) => e.action === "auth.sso_login" && e.actor.label === IDP_ACCOUNTS.olivia.email)).toBe(true);

  // Admins see which accounts come from the IdP; those have no password to reset.
  await page.goto("/settings/users");
  const row = page.getByRole("row").filter({ hasText: IDP_ACCOUNTS.olivia.email });
  await expect(row.getByText("SSO", { exact: true })).toBeVisible();
  await expect(row.getByRole("button", { name: "Reset password" })).toHaveCount(0);
  await expect(page.getByRole("row").filter({ hasText: IDP_ACCOUNTS.nora.email })).toHaveCount(0);
});

test("a sign-in that comes back with a forged state ends on the login page", async ({ page }) => {
  await page.goto("/api/v1/auth/oidc/callback?code=forged&state=forged");
  await expect(page).toHaveURL(/\/login\?sso_error=state$/);
  await expect(page.locator("#sso-error")).toHaveText("That sign-in expired or was not started here. Please try again.");
});
