import { expect, test } from "@playwright/test";
import { ADMIN, VIEWER, signIn, signOut } from "./fixtures";

test("an admin adds a viewer; the viewer can look but is refused admin actions", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
  await page.getByRole("link", { name: "Users" }).click();
  await expect(page.getByRole("heading", { name: "Users", level: 1 })).toBeVisible();
  await page.getByLabel("Email").fill(VIEWER.email);
  await page.getByLabel("Name").fill(VIEWER.name);
  await page.getByLabel("Role", { exact: true }).selectOption("VIEWER");
  await page.getByLabel("Initial password").fill(VIEWER.password);
  await page.getByRole("button", { name: "Add user" }).click();
  await expect(page.getByRole("cell", { name: VIEWER.email })).toBeVisible();
  await signOut(page);

  // Signed out, pages send you to sign in.
  await page.goto("/audit");
  await expect(page).toHaveURL(/\/login/);

  await signIn(page, VIEWER);
  await expect(page.getByText("VIEWER").first()).toBeVisible();
  await page.goto("/settings/users");
  await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
  await expect(page.getByText("This page needs the ADMIN role. You are signed in as VIEWER.")).toBeVisible();

  // The same refusal from the API, with the viewer's own session, sent as the browser would.
  const res = await page.evaluate(async () => {
    const r = await fetch("/api/v1/users", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "sneaky@example.test", name: "Sneaky", role: "ADMIN", password: "a long sneaky password" }),
    });
    return { status: r.status, type: r.headers.get("content-type"), body: await r.json() };
  });
  expect(res.status).toBe(403);
  expect(res.type).toContain("application/problem+json");
  expect(res.body.detail).toMatch(/ADMIN role/);

  await signOut(page);
  await page.goto("/fleet");
  await expect(page).toHaveURL(/\/login/);
});

test("the audit log shows who did what", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit" }).click();
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  await page.getByLabel("Action").fill("user.create");
  await expect(page.getByRole("cell", { name: "user.create" }).first()).toBeVisible();
  await expect(page.getByRole("cell", { name: ADMIN.email }).first()).toBeVisible();
});
