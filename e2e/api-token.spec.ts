import { expect, test } from "@playwright/test";
import { ADMIN, signIn } from "./fixtures";

test("an API token created in the UI works from a script, once shown, and stops when revoked", async ({ page, baseURL }) => {
  await signIn(page, ADMIN);
  await page.goto("/settings/api-tokens");
  await page.getByLabel("Token name").fill("deploy script");
  await page.getByLabel("Role").selectOption("OPERATOR");
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByText("This is the only time the token is shown.")).toBeVisible();
  const token = await page.getByLabel("New API token").inputValue();
  expect(token).toMatch(/^tdm_/);

  // A script: plain fetch from Node, no cookie, no Origin header.
  const me = await fetch(`${baseURL}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } });
  expect(me.status).toBe(200);
  expect(await me.json()).toMatchObject({ email: ADMIN.email, role: "OPERATOR", via: "token" });
  const audit = await fetch(`${baseURL}/api/v1/audit-events?action=api_token.create`, { headers: { authorization: `Bearer ${token}` } });
  expect(audit.status).toBe(200);
  expect(JSON.stringify(await audit.json())).toContain("deploy script");
  // Operator role: user management is refused.
  const users = await fetch(`${baseURL}/api/v1/users`, { headers: { authorization: `Bearer ${token}` } });
  expect(users.status).toBe(403);

  // Reload: the token is not shown again.
  await page.reload();
  await expect(page.getByLabel("New API token")).toHaveCount(0);
  const row = page.getByRole("row", { name: /deploy script/ });
  await row.getByRole("button", { name: "Revoke" }).click();
  const confirm = page.getByRole("button", { name: /Confirm|Revoke token|Yes/ });
  if (await confirm.count()) await confirm.first().click();
  await expect(row).toContainText(/revoked/i);

  const after = await fetch(`${baseURL}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } });
  expect(after.status).toBe(401);
});

test("health answers without a session; the OpenAPI document needs one", async ({ baseURL }) => {
  const health = await fetch(`${baseURL}/api/health`);
  expect(health.status).toBe(200);
  expect(await health.json()).toMatchObject({ live: true, ready: true, checks: { database: { ok: true }, migrations: { ok: true } } });
  expect((await fetch(`${baseURL}/api/v1/openapi.json`)).status).toBe(401);
});
