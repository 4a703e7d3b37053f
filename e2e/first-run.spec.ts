import { expect, test } from "@playwright/test";
import { ADMIN } from "./fixtures";

test("a fresh Tandem asks for its first admin, then signs them in", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole("heading", { name: "Set up Tandem" })).toBeVisible();

  await page.getByLabel("Name").fill(ADMIN.name);
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password", { exact: true }).fill(ADMIN.password);
  await page.getByLabel("Confirm password").fill("not the same password");
  await page.getByRole("button", { name: "Create admin account" }).click();
  await expect(page.getByText(/do not match/i)).toBeVisible();

  await page.getByLabel("Confirm password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Create admin account" }).click();
  await expect(page).toHaveURL(/\/fleet$/);
  await expect(page.getByRole("heading", { name: "Fleet", level: 1 })).toBeVisible();
  await expect(page.getByText(ADMIN.name)).toBeVisible();

  // Setup is one-time: the page now sends people to sign in. Leave the live
  // page first: its socket would otherwise see the session end and redirect
  // to /login mid-navigation.
  await page.goto("about:blank");
  await page.context().clearCookies();
  await page.goto("/setup");
  await expect(page).toHaveURL(/\/login/);
});
