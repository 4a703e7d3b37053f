// Rollout schedules as an operator meets them: add a weekly rollout of the demo
// fleet from the form, see it listed with its recurrence and next run, pause
// it, and delete it.
import { expect, test } from "@playwright/test";
import { ADMIN, signIn } from "./fixtures";

test("an operator schedules a weekly rollout, pauses it and deletes it", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/rollouts/schedules");
  await expect(page.getByRole("heading", { name: "Rollout schedules", level: 1 })).toBeVisible();
  await expect(page.getByText("No rollout is scheduled.")).toBeVisible();

  await page.getByRole("button", { name: "Add schedule" }).click();
  const form = page.getByRole("form", { name: "Add rollout schedule" });
  await form.getByLabel("Time zone").fill("Europe/Berlin");
  await form.getByRole("button", { name: "Save schedule" }).click();
  await expect(form.getByText("Pick at least one server, group, site or tag to patch.")).toBeVisible();
  await form.getByLabel("Tags").fill("demo");
  await form.getByLabel("Batches").fill("1, 50%");
  await form.getByLabel("Command").selectOption("security");
  await form.getByLabel("Reason").fill("e2e: weekly security patching");
  await form.getByRole("button", { name: "Save schedule" }).click();
  await expect(form).toBeHidden();

  const table = page.getByRole("table", { name: "Rollout schedules" });
  const row = table.getByRole("row").filter({ hasText: "tag demo" });
  await expect(row).toContainText("security updates · batches 1, 50%");
  await expect(row).toContainText(/Europe\/Berlin/);
  await expect(row).toContainText("Not yet");
  await page.screenshot({ path: "test-results/rollout-schedules.png", fullPage: true });

  await row.getByRole("checkbox").click(); // controlled: it flips once the server answers
  await expect(row.getByRole("checkbox")).not.toBeChecked();
  await expect(row).toContainText("Off");

  await row.getByRole("button", { name: "Delete" }).click();
  await page.getByRole("button", { name: "Delete schedule" }).click();
  await expect(page.getByText("No rollout is scheduled.")).toBeVisible();
});
