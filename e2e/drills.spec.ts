// Failover drills as an operator meets them: from a group's page a dry run and
// then a live drill, each streamed on its own page to a report; back on the
// group page the history, the RTO trend and the freshness; and a schedule.
import { expect, test, type Page } from "@playwright/test";
import { ADMIN, api, signIn } from "./fixtures";

// The Amsterdam pair: no other spec switches it over (operations.spec uses
// pg-lon1, groups.spec reads pg-fra1), so its live drill clashes with nothing.
const GROUP = "pg-ams1";

async function openGroup(page: Page): Promise<string> {
  await page.goto("/groups");
  await page.getByRole("link", { name: GROUP, exact: true }).click();
  await expect(page.getByRole("heading", { name: GROUP, level: 1 })).toBeVisible();
  return page.url().split("/").pop()!;
}

/** A live drill needs a standby that qualifies: wait (politely) until a switchover could be planned. */
async function waitForStandby(page: Page, groupId: string) {
  await expect
    .poll(async () => (await api(page, "POST", `/api/v1/groups/${groupId}/switchover/plan`)).status, { timeout: 60_000, intervals: [1_000, 2_000, 3_000] })
    .toBe(200);
}

test("an operator runs a dry run and a live drill from the group page and reads their reports", async ({ page }) => {
  test.setTimeout(300_000);
  await signIn(page, ADMIN);
  const groupId = await openGroup(page);
  const drills = page.getByRole("region", { name: "Drills" });
  await expect(drills.getByTestId("drill-freshness").first()).toHaveText(/^Never drilled/);
  await expect(page.getByText("OK").first()).toBeVisible({ timeout: 60_000 });

  // A dry run: it changes nothing, so it streams quickly to a passed report.
  await drills.getByRole("button", { name: "Dry run…" }).click();
  const dry = page.getByRole("dialog", { name: `Dry run of ${GROUP}?` });
  await dry.getByRole("button", { name: "Start dry run" }).click();
  await expect(dry.getByText("Say why: it is recorded with the drill.")).toBeVisible();
  await dry.getByLabel("Reason").fill("e2e: quarterly dry run");
  await dry.getByRole("button", { name: "Start dry run" }).click();
  await expect(page).toHaveURL(/\/drills\/[0-9a-f-]{36}$/, { timeout: 20_000 });
  await expect(page.getByRole("heading", { name: `Dry run of ${GROUP}`, level: 1 })).toBeVisible();
  await expect(page.getByRole("list", { name: "Steps" }).getByRole("listitem").first()).toBeVisible();
  await expect(page.getByTestId("drill-verdict")).toHaveText(/^passed/, { timeout: 90_000 });
  await expect(page.getByRole("region", { name: "Summary" }).getByText("Passed", { exact: true })).toBeVisible();
  await expect(page.getByRole("table", { name: "Step durations" }).getByRole("row")).not.toHaveCount(1);
  await expect(page.getByText("dry run: e2e: quarterly dry run")).toBeVisible();

  // A live drill: switchover, hold, failback, streamed live. The simulated
  // fleet switches in well under a second, so the hold keeps it running long
  // enough to watch.
  await page.getByRole("link", { name: GROUP }).first().click();
  await expect(page.getByRole("heading", { name: GROUP, level: 1 })).toBeVisible();
  await waitForStandby(page, groupId);
  await drills.getByRole("button", { name: "Live drill…" }).click();
  const live = page.getByRole("dialog", { name: `Live drill of ${GROUP}?` });
  await expect(live.getByText("performs a real switchover")).toBeVisible();
  await live.getByLabel("Reason").fill("e2e: live drill");
  await live.getByLabel("Hold (seconds)").fill("8");
  await live.getByRole("button", { name: "Start live drill" }).click();
  await expect(page).toHaveURL(/\/drills\/[0-9a-f-]{36}$/, { timeout: 20_000 });
  await expect(page.getByRole("heading", { name: `Live drill of ${GROUP}`, level: 1 })).toBeVisible();
  // While it runs: the progress bar, the streamed steps and Halt.
  await expect(page.getByRole("progressbar")).toBeVisible();
  await expect(page.getByRole("button", { name: "Halt…" })).toBeVisible();
  await expect(page.getByRole("list", { name: "Steps" }).getByRole("listitem").first()).toBeVisible();
  // Then, by itself, the report.
  await expect(page.getByTestId("drill-verdict")).toHaveText(/^passed/, { timeout: 180_000 });
  await expect(page.getByTestId("drill-rto")).toHaveText(/\d/);
  await expect(page.getByTestId("drill-restored")).toHaveText("Yes");
  await expect(page.getByRole("button", { name: "Halt…" })).toHaveCount(0);

  // Back on the group: both drills in the history, the trend plotted, the freshness current.
  await page.getByRole("link", { name: GROUP }).first().click();
  await expect(page.getByRole("heading", { name: GROUP, level: 1 })).toBeVisible();
  const history = drills.getByRole("table", { name: "Drill history" });
  await expect(history.getByRole("row").filter({ hasText: "Live" }).filter({ hasText: "Passed" })).toHaveCount(1);
  await expect(history.getByRole("row").filter({ hasText: "Dry run" }).filter({ hasText: "Passed" })).toHaveCount(1);
  const trend = drills.getByTestId("rto-trend");
  await expect(trend.locator("svg")).toBeVisible();
  await expect(trend.getByTestId("trend-point")).toHaveCount(1);
  const freshness = drills.getByTestId("drill-freshness").first();
  await expect(freshness).toHaveText("Last passing live drill today");
  await expect(freshness).toHaveAttribute("data-stale", "false");

  // The groups page says so too, from the fleet's freshness.
  await page.goto("/groups");
  const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: GROUP, exact: true }) });
  await expect(row.getByTestId("drill-freshness")).toHaveText("today");
});

test("Halt stops a live drill during its hold and restores the original primary", async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, ADMIN);
  const groupId = await openGroup(page);
  const drills = page.getByRole("region", { name: "Drills" });
  await waitForStandby(page, groupId);
  await drills.getByRole("button", { name: "Live drill…" }).click();
  const live = page.getByRole("dialog", { name: `Live drill of ${GROUP}?` });
  await live.getByLabel("Reason").fill("e2e: drill to halt");
  await live.getByLabel("Hold (seconds)").fill("600");
  await live.getByRole("button", { name: "Start live drill" }).click();
  await expect(page).toHaveURL(/\/drills\/[0-9a-f-]{36}$/, { timeout: 20_000 });
  // Halt once the standby serves: the hold step is running.
  await expect(page.getByRole("list", { name: "Steps" }).getByRole("listitem").filter({ hasText: "drill hold" }).getByText("Running", { exact: true })).toBeVisible({
    timeout: 60_000,
  });
  await page.getByRole("button", { name: "Halt…" }).click();
  await page.getByRole("button", { name: "Halt drill" }).click();
  await expect(page.getByText("Say why you are halting the drill.")).toBeVisible();
  await page.getByLabel("Reason").fill("e2e: halt");
  await page.getByRole("button", { name: "Halt drill" }).click();
  await expect(page.getByRole("region", { name: "Summary" }).getByText("Failed", { exact: true })).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId("drill-restored")).toHaveText("Yes");

  // The group's trend shows it as a red mark.
  await page.getByRole("link", { name: GROUP }).first().click();
  await expect(drills.getByTestId("rto-trend").locator('[data-testid="trend-point"][data-passed="false"]')).toHaveCount(1);
});

test("an operator schedules a weekly dry run, sees its next run in both zones, switches it off, edits and deletes it", async ({ page }) => {
  await signIn(page, ADMIN);
  await openGroup(page);
  const drills = page.getByRole("region", { name: "Drills" });
  await drills.getByRole("button", { name: "Add schedule" }).click();
  const form = drills.getByRole("form", { name: "Add drill schedule" });
  await form.getByLabel("Time zone").fill("Pacific/Auckland");
  await expect(form.getByTestId("rrule")).toHaveText(/^FREQ=WEEKLY;BYDAY=/);
  await form.getByRole("button", { name: "Save schedule" }).click();
  await expect(form).toHaveCount(0);

  const table = drills.getByRole("table", { name: "Drill schedules" });
  const row = table.getByRole("row").filter({ hasText: "Dry run" });
  await expect(row).toHaveCount(1);
  // The next run in the schedule's zone and the viewer's.
  await expect(row.locator("time", { hasText: "Pacific/Auckland" })).toContainText("(yours)");
  await expect(row.getByText("Not yet")).toBeVisible();

  // The toggle follows the server: it changes once the PATCH is answered.
  await row.getByRole("checkbox").click();
  await expect(row.getByRole("checkbox")).not.toBeChecked();
  await expect(row.getByText("Off")).toBeVisible();
  await row.getByRole("button", { name: "Runs" }).click();
  await expect(drills.getByText("This schedule has not come due yet.")).toBeVisible();

  // Edit it: the form opens with its settings; a new time shows in the row.
  await row.getByRole("button", { name: "Edit" }).click();
  const editing = drills.getByRole("form", { name: "Edit drill schedule" });
  await expect(editing.getByLabel("Time zone")).toHaveValue("Pacific/Auckland");
  await editing.getByLabel("Time", { exact: true }).fill("04:30");
  await editing.getByRole("button", { name: "Save schedule" }).click();
  await expect(editing).toHaveCount(0);
  await expect(row.locator("time", { hasText: "Pacific/Auckland" })).toContainText("04:30");

  await row.getByRole("button", { name: "Delete" }).click();
  await drills.getByRole("button", { name: "Delete schedule" }).click();
  await expect(table).toHaveCount(0);
  await expect(drills.getByText("No drill is scheduled for this group.")).toBeVisible();
});
