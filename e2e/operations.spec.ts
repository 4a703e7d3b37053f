// A switchover by click, as an operator meets it: the group page's button opens
// a confirmation that shows the plan, the operation's page streams its steps to
// the end, and the Operations page lists it.
import { expect, test } from "@playwright/test";
import { ADMIN, signIn } from "./fixtures";

// The London pair: no other spec touches it, so switching it over breaks nothing.
const GROUP = "pg-lon1";

test("an admin switches a group over from its page and watches the operation succeed", async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, ADMIN);
  await page.goto("/groups");
  await page.getByRole("link", { name: GROUP }).click();
  await expect(page.getByRole("heading", { name: GROUP, level: 1 })).toBeVisible();
  // Both members up: the group is OK and the primary healthy, so a switchover is offered.
  await expect(page.getByText("OK").first()).toBeVisible({ timeout: 60_000 });

  await page.getByRole("button", { name: "Switchover…" }).click();
  const dialog = page.getByRole("dialog", { name: `Switch over ${GROUP}?` });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("list", { name: "Planned steps" }).getByRole("listitem").first()).toBeVisible({ timeout: 20_000 });
  await expect(dialog.getByTestId("plan-candidate")).toHaveText(/\S/);

  // The reason is required: confirming without one says so and starts nothing.
  await dialog.getByRole("button", { name: "Switch over now" }).click();
  await expect(dialog.getByText("Say why: it is recorded with the operation.")).toBeVisible();
  await dialog.getByLabel("Reason").fill("e2e: planned switchover");
  await dialog.getByLabel("Ticket (optional)").fill("E2E-1");
  await dialog.getByRole("button", { name: "Switch over now" }).click();

  await expect(page).toHaveURL(/\/operations\/[0-9a-f-]{36}$/, { timeout: 20_000 });
  await expect(page.getByRole("heading", { name: `Switchover of ${GROUP}`, level: 1 })).toBeVisible();
  await expect(page.getByText("e2e: planned switchover")).toBeVisible();
  const progress = page.getByRole("progressbar");
  await expect(progress).toBeVisible();
  await expect(page.getByRole("list", { name: "Steps" }).getByRole("listitem").first()).toBeVisible();
  // Streamed, not reloaded: the bar fills and the state turns Succeeded on its own.
  await expect(page.getByRole("region", { name: "Summary" }).getByText("Succeeded", { exact: true })).toBeVisible({ timeout: 120_000 });
  const max = await progress.getAttribute("aria-valuemax");
  await expect(progress).toHaveAttribute("aria-valuenow", max ?? "");

  await page.goto("/operations");
  await expect(page.getByRole("heading", { name: "Operations", level: 1 })).toBeVisible();
  const row = page.getByRole("row").filter({ hasText: "e2e: planned switchover" });
  await expect(row).toBeVisible();
  await expect(row.getByRole("link", { name: GROUP })).toBeVisible();
  await expect(row.getByText("Succeeded")).toBeVisible();
});
