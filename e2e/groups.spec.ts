// Redundancy at a glance: the demo's groups are listed with their redundancy
// state; a group's page shows its members and whether each one counts.
import { expect, test } from "@playwright/test";
import { ADMIN, signIn } from "./fixtures";

test("the demo's redundancy groups show their state and members", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/groups");
  await expect(page.getByRole("heading", { name: "Groups", level: 1 })).toBeVisible();
  const pg = page.getByRole("link", { name: "pg-fra1" });
  await expect(pg).toBeVisible();
  // Once the demo hosts answer, the database pair with its DR standby is OK.
  await expect(page.getByText("OK").first()).toBeVisible({ timeout: 30_000 });
  await pg.click();
  await expect(page.getByRole("heading", { name: "pg-fra1", level: 1 })).toBeVisible();
  for (const member of ["db-fra1-a", "db-fra1-b", "db-fra1-dr"]) await expect(page.getByText(member).first()).toBeVisible();
});

test("the Fleet page says which groups are one failure from an outage", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/fleet");
  const strip = page.getByRole("region", { name: "Redundancy" });
  await expect(strip).toBeVisible({ timeout: 30_000 });
  // Every demo group is OK once its hosts answer; if another test left one at
  // risk, the strip lists it instead (badge, budget, link to the group).
  const allOk = strip.getByText("All 6 groups have a spare member");
  const atRisk = strip.getByRole("listitem").filter({ hasText: "At risk" });
  await expect(allOk.or(atRisk).first()).toBeVisible({ timeout: 60_000 });
  if (!(await allOk.isVisible())) {
    await expect(atRisk.first()).toContainText("in service / budget");
    await expect(atRisk.first().getByRole("link")).toBeVisible();
  }
});

test("an admin creates a group from the form, and it shows its redundancy", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/groups");
  await page.getByRole("link", { name: "New group" }).click();
  const form = page.getByRole("form", { name: "New redundancy group" });
  await expect(form).toBeVisible();
  await form.getByLabel("Name", { exact: true }).fill("monitoring-pair");
  await form.getByLabel("Mode").selectOption("ACTIVE_ACTIVE");
  await form.getByLabel("Minimum in service").fill("1");
  for (const name of ["mon-ams1", "bastion-lon1"]) {
    await form.getByLabel("Find a server").fill(name);
    await form.getByRole("button", { name: `Add member ${name}` }).click();
  }
  await form.getByRole("button", { name: "Create group" }).click();
  await expect(page.getByRole("heading", { name: "monitoring-pair", level: 1 })).toBeVisible({ timeout: 15_000 });
  await expect(page.getByText("mon-ams1").first()).toBeVisible();
  await expect(page.getByText("bastion-lon1").first()).toBeVisible();
});
