// The demo fails over by itself, as a newcomer meets it: they kill a database
// primary from the Simulator page, get a toast, find the automatic failover
// streamed to success, see the group OK again with the new primary and the old
// one FENCED (powered off by its site's hypervisor), power it on, and rejoin it
// as a standby.
import { expect, test, type Page } from "@playwright/test";
import { ADMIN, signIn } from "./fixtures";

// Frankfurt's pair has a DR standby in London: after the failover a standby
// still qualifies, so the group is OK again. (operations.spec owns pg-lon1,
// drills.spec pg-ams1.)
const GROUP = "pg-fra1";
const PRIMARY = "db-fra1-a";
const STANDBY = "db-fra1-b";

function nav(page: Page, name: string) {
  return page.getByRole("navigation", { name: "Main" }).getByRole("link", { name });
}

async function simulatorCard(page: Page, name: string) {
  const menu = page.getByRole("button", { name: "Menu" });
  if (await menu.isVisible()) await menu.click();
  await nav(page, "Simulator").click();
  await expect(page.getByRole("heading", { name: "Simulator", level: 1 })).toBeVisible();
  const card = page.getByRole("region", { name });
  await expect(card).toBeVisible();
  return card;
}

function memberRow(page: Page, name: string) {
  return page.getByRole("table", { name: "Members" }).getByRole("row").filter({ has: page.getByRole("rowheader", { name }) });
}

test("a database primary killed from the Simulator fails over by itself, and the fenced old primary is rejoined", async ({ page }) => {
  test.setTimeout(300_000);
  await signIn(page, ADMIN);

  // The pair is OK once every member answers and the standbys report their lag.
  await page.goto("/groups");
  await page.getByRole("link", { name: GROUP }).click();
  await expect(page.getByRole("heading", { name: GROUP, level: 1 })).toBeVisible();
  await expect(page.getByText("OK").first()).toBeVisible({ timeout: 120_000 });
  await expect(memberRow(page, PRIMARY)).toContainText("primary");

  // Kill the primary's host.
  const card = await simulatorCard(page, PRIMARY);
  await card.getByRole("button", { name: "Inject a fault…" }).click();
  await card.getByLabel("Fault", { exact: true }).selectOption("down");
  await card.getByRole("button", { name: "Inject" }).click();
  await expect(card.getByRole("status")).toContainText("Injected Host down");

  // A toast says so, live.
  await expect(page.getByTestId("alert-toast").filter({ hasText: PRIMARY }).first()).toBeVisible({ timeout: 60_000 });

  // The automatic failover, on the Operations page, streamed to success.
  await page.goto("/operations");
  const row = page.getByRole("row").filter({ hasText: GROUP }).filter({ hasText: "automatic failover" }).first();
  await expect(row).toBeVisible({ timeout: 60_000 });
  await row.getByRole("link", { name: "Failover" }).click();
  await expect(page.getByRole("heading", { name: `Failover of ${GROUP}`, level: 1 })).toBeVisible();
  await expect(page.getByRole("region", { name: "Summary" }).getByText("Succeeded", { exact: true })).toBeVisible({ timeout: 60_000 });
  const progress = page.getByRole("progressbar");
  await expect(progress).toHaveAttribute("aria-valuenow", (await progress.getAttribute("aria-valuemax")) ?? "");
  // Fenced out of band: the site's hypervisor powered it off, confirmed.
  const fenceOutput = page.getByLabel("Output of step 1");
  await fenceOutput.locator("xpath=..").locator("summary").click();
  await expect(fenceOutput).toBeVisible();
  await expect(fenceOutput).toContainText(/fenced at level 2 \(device\): db-fra1-a powered off by hv-fra1/);

  // The group: OK again, the standby is the primary, the old primary FENCED and not yet rejoinable (it is off).
  await page.goto("/groups");
  await page.getByRole("link", { name: GROUP }).click();
  await expect(page.getByText("OK").first()).toBeVisible({ timeout: 60_000 });
  await expect(memberRow(page, STANDBY)).toContainText("primary");
  const fenced = memberRow(page, PRIMARY);
  await expect(fenced.getByTestId("member-admin-state")).toContainText("fenced");
  await expect(fenced.getByRole("button", { name: "Rejoin…" })).toBeDisabled();

  // The Simulator shows it powered off by fencing; power it on.
  const off = await simulatorCard(page, PRIMARY);
  await expect(off).toContainText(/Powered off by hv-fra1/);
  await off.getByTestId("power-on").click();
  await expect(off).not.toContainText(/Powered off/, { timeout: 30_000 });

  // Once it answers, an operator rejoins it: demote hook, role probe, in-service standby.
  await page.goto("/groups");
  await page.getByRole("link", { name: GROUP }).click();
  const back = memberRow(page, PRIMARY);
  await expect(back.getByRole("button", { name: "Rejoin…" })).toBeEnabled({ timeout: 90_000 });
  page.once("dialog", (d) => void d.accept());
  await back.getByRole("button", { name: "Rejoin…" }).click();
  await expect(page).toHaveURL(/\/operations\/[0-9a-f-]{36}$/, { timeout: 20_000 });
  await expect(page.getByRole("heading", { name: `Rejoin of ${GROUP}`, level: 1 })).toBeVisible();
  await expect(page.getByRole("region", { name: "Summary" }).getByText("Succeeded", { exact: true })).toBeVisible({ timeout: 60_000 });

  await page.goto("/groups");
  await page.getByRole("link", { name: GROUP }).click();
  await expect(memberRow(page, PRIMARY).getByTestId("member-admin-state")).toContainText("in service", { timeout: 30_000 });
  await expect(memberRow(page, PRIMARY)).toContainText("standby");
});
