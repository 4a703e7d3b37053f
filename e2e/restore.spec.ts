// Restoring redundancy as an operator meets it: a demo database pair lost its
// standby (powered off), the group page shows it at risk with its restore
// setting, Restore redundancy starts the operation, its page streams it to
// success, and the group lists the new server as an in-service standby.
import { expect, test, type Page } from "@playwright/test";
import { ADMIN, api, ensureUser, signIn, signOut } from "./fixtures";

// The London pair: operations.spec switches it over before this runs and no
// later spec touches it; the restore adds pg-lon1-r1 beside it.
const GROUP = "pg-lon1";
const NEW_SERVER = "pg-lon1-r1";
const OPERATOR = { name: "Rhea Restorer", email: "rhea@example.test", password: "rhea's long password" };

type Group = { id: string; name: string; redundancy: { state: string }; members: { name: string; role: string }[] };

async function openGroup(page: Page, name: string) {
  await page.goto("/groups");
  await page.getByRole("link", { name, exact: true }).click();
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
}

function memberRow(page: Page, name: string) {
  return page.getByRole("table", { name: "Members" }).getByRole("row").filter({ has: page.getByRole("rowheader", { name }) });
}

test("an operator restores a demo pair that lost its standby and sees the new server join it", async ({ page }) => {
  test.setTimeout(300_000);
  await signIn(page, ADMIN);
  await ensureUser(page, OPERATOR, "OPERATOR");
  const groups = (await api<{ groups: Group[] }>(page, "GET", "/api/v1/groups")).body.groups;
  const id = groups.find((g) => g.name === GROUP)!.id;
  await expect.poll(async () => (await api<Group>(page, "GET", `/api/v1/groups/${id}`)).body.redundancy.state, { timeout: 120_000, intervals: [1_000, 2_000] }).toBe("OK");
  const standby = (await api<Group>(page, "GET", `/api/v1/groups/${id}`)).body.members.find((m) => m.role === "STANDBY")!.name;
  // The standby's host is lost, as if its disk died.
  expect((await api(page, "POST", "/api/v1/simulator/power", { host: standby, power: "off" })).status).toBe(200);
  await signOut(page);

  await signIn(page, OPERATOR);
  // A pool without a provision hook: the button says why it cannot restore.
  await openGroup(page, "web-lon1");
  const none = page.getByRole("region", { name: "Restore redundancy" });
  await expect(none.getByRole("button", { name: "Restore redundancy…" })).toBeDisabled();
  await expect(none).toContainText("No provision hook: an admin sets one in Edit group");

  await openGroup(page, GROUP);
  await expect(page.getByText("At risk", { exact: true }).first()).toBeVisible({ timeout: 60_000 });
  const panel = page.getByRole("region", { name: "Restore redundancy" });
  await expect(panel.getByTestId("restore-setting")).toContainText("tandem-sim provision");
  await expect(panel.getByTestId("restore-setting")).toContainText("hv-lon1");
  await expect(panel.getByTestId("restore-setting")).toContainText("only when an operator asks");
  await panel.getByRole("button", { name: "Restore redundancy…" }).click();
  await panel.getByLabel("Reason (optional)").fill(`e2e: ${standby} lost`);
  await panel.getByRole("button", { name: "Yes, restore" }).click();

  // The operation's own page streams it: provision on hv-lon1, register, health gate, join, add, verify.
  await expect(page).toHaveURL(/\/operations\/[0-9a-f-]{36}$/, { timeout: 20_000 });
  await expect(page.getByRole("heading", { name: `Restore redundancy of ${GROUP}`, level: 1 })).toBeVisible();
  await expect(page.getByText(`e2e: ${standby} lost`)).toBeVisible();
  await expect(page.getByRole("list", { name: "Steps" }).getByRole("listitem")).toHaveCount(6);
  await expect(page.getByRole("region", { name: "Summary" }).getByText("Succeeded", { exact: true })).toBeVisible({ timeout: 120_000 });
  const progress = page.getByRole("progressbar");
  await expect(progress).toHaveAttribute("aria-valuenow", "6");

  // The group: OK again, the new server an in-service standby beside the one lost.
  await openGroup(page, GROUP);
  const row = memberRow(page, NEW_SERVER);
  await expect(row).toBeVisible();
  await expect(row).toContainText("standby");
  await expect(row.getByTestId("member-admin-state")).toContainText("in service");
  await expect(page.getByText("OK", { exact: true }).first()).toBeVisible({ timeout: 60_000 });
  await expect(memberRow(page, standby)).toBeVisible();

  // Leave the demo as found: the lost standby powered on again.
  await signOut(page);
  await signIn(page, ADMIN);
  expect((await api(page, "POST", "/api/v1/simulator/power", { host: standby, power: "on" })).status).toBe(200);
});
