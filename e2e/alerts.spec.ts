// Live alerts as two people meet them on the demo fleet: an admin breaks a
// server in the simulator, a viewer in another browser gets a toast and sees
// the header counter move without a reload; the admin acknowledges it from the
// notification centre, the counter follows; putting the server right resolves
// it. Then the Alerts page finds it in the history by its filters.
import { expect, test, type Page } from "@playwright/test";
import { ADMIN, WATCHER, api, ensureUser, signIn } from "./fixtures";

// A web pool member no other spec touches (fleet.spec breaks web-ams1-2), and
// no group's primary, so no automatic failover joins in.
const VICTIM = "web-fra1-3";
// Down is confirmed after a few failed polls; back up after riseAfter good ones (the poller may be backing off).
const DETECT_MS = 60_000;
const RECOVER_MS = 120_000;

type Counts = { firing: number; acknowledged: number; critical: number };
type AlertRow = { id: string; state: string; server: { name: string } | null; source: string };

const fault = (page: Page, action: "faults" | "clear") => api(page, "POST", `/api/v1/simulator/${action}`, { host: VICTIM, fault: "down" });

async function firingNow(page: Page): Promise<number> {
  const res = await api<{ counts: Counts }>(page, "GET", "/api/v1/alerts?state=open&limit=1");
  expect(res.status).toBe(200);
  return res.body.counts.firing;
}

function counter(page: Page) {
  return page.getByTestId("alert-counter");
}

async function shownFiring(page: Page): Promise<number> {
  return Number(await counter(page).getAttribute("data-firing"));
}

async function serverId(page: Page): Promise<string> {
  const res = await api<{ servers: { id: string; name: string }[] }>(page, "GET", `/api/v1/servers?q=${VICTIM}`);
  const s = res.body.servers.find((x) => x.name === VICTIM);
  expect(s, `${VICTIM} is in the demo fleet`).toBeTruthy();
  return s!.id;
}

async function victimAlerts(page: Page, state: string): Promise<AlertRow[]> {
  const res = await api<{ alerts: AlertRow[] }>(page, "GET", `/api/v1/alerts?serverId=${await serverId(page)}&state=${state}&limit=20`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.alerts;
}

test("a fault raises a live toast and counter in another browser; acknowledging and clearing it follow live", async ({ browser }) => {
  test.setTimeout(360_000);
  const a = await (await browser.newContext()).newPage();
  const b = await (await browser.newContext()).newPage();
  await signIn(a, ADMIN);
  await ensureUser(a, WATCHER, "VIEWER");
  await signIn(b, WATCHER);
  await Promise.all([a.goto("/fleet"), b.goto("/fleet")]);
  // Each tab has its snapshot once the counter carries a number.
  await expect(counter(a)).toHaveAttribute("data-firing", /^\d+$/, { timeout: 30_000 });
  await expect(counter(b)).toHaveAttribute("data-firing", /^\d+$/, { timeout: 30_000 });
  const before = await shownFiring(b);
  await b.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));

  try {
    expect((await fault(a, "faults")).status).toBeLessThan(300);

    // B: a toast for the server, live; a viewer gets a link, not the buttons.
    const toast = b.getByTestId("alert-toast").filter({ hasText: VICTIM });
    await expect(toast).toBeVisible({ timeout: DETECT_MS });
    const id = await toast.getAttribute("data-alert-id");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await expect(toast.getByRole("link", { name: "View" })).toHaveAttribute("href", `/alerts/${id}`);
    await expect(toast.getByRole("button", { name: "Acknowledge" })).toHaveCount(0);
    // B's counter went up, and says what the server says (other alerts may come and go meanwhile).
    await expect(async () => {
      const shown = await shownFiring(b);
      expect(shown).toBeGreaterThan(before);
      expect(shown).toBe(await firingNow(b));
    }).toPass({ timeout: 15_000 });
    await expect(counter(b)).toHaveAccessibleName(/^Alerts: \d+ firing/);
    const firingBeforeAck = await shownFiring(b);

    // A: acknowledge from the notification centre, with a comment.
    await counter(a).click();
    const centreA = a.getByRole("dialog", { name: "Open alerts" });
    const itemA = centreA.locator(`[data-alert-id="${id}"]`);
    await expect(itemA).toBeVisible();
    await itemA.getByRole("button", { name: "Add comment" }).click();
    await itemA.getByRole("textbox").fill("e2e: looking into it");
    await itemA.getByRole("button", { name: "Acknowledge" }).click();
    await expect(itemA.getByText("Acknowledged", { exact: true })).toBeVisible();

    // B: the toast goes, the counter drops, the centre shows it acknowledged.
    await expect(b.locator(`[data-testid="alert-toast"][data-alert-id="${id}"]`)).toHaveCount(0);
    await expect(async () => {
      const shown = await shownFiring(b);
      expect(shown).toBeLessThan(firingBeforeAck);
      expect(shown).toBe(await firingNow(b));
    }).toPass({ timeout: 15_000 });
    await counter(b).click();
    const itemB = b.getByRole("dialog", { name: "Open alerts" }).locator(`[data-alert-id="${id}"]`);
    await expect(itemB.getByText("Acknowledged", { exact: true })).toBeVisible();
    await expect(itemB.getByRole("button", { name: "Resolve" })).toHaveCount(0);

    // Put the server right: the alert resolves by itself and leaves both centres.
    expect((await fault(a, "clear")).status).toBeLessThan(300);
    await expect(b.locator(`[data-testid="alert-resolved-toast"][data-alert-id="${id}"]`).or(b.locator(`[data-testid="alert-resolved-toast"]`).filter({ hasText: VICTIM }))).toBeVisible({
      timeout: RECOVER_MS,
    });
    await expect(itemB).toHaveCount(0);
    await expect(itemA).toHaveCount(0);
    expect(await b.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
  } finally {
    await fault(a, "clear");
  }
});

test("the Alerts page finds a resolved alert by its filters, kept in the URL, and opens its page", async ({ page }) => {
  test.setTimeout(360_000);
  await signIn(page, ADMIN);
  // The test above leaves one; run alone, this makes its own.
  if ((await victimAlerts(page, "RESOLVED")).length === 0) {
    try {
      await fault(page, "faults");
      await expect.poll(async () => (await victimAlerts(page, "open")).length, { timeout: DETECT_MS }).toBeGreaterThan(0);
    } finally {
      await fault(page, "clear");
    }
    await expect.poll(async () => (await victimAlerts(page, "RESOLVED")).length, { timeout: RECOVER_MS }).toBeGreaterThan(0);
  }

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Alerts" }).click();
  await expect(page.getByRole("heading", { name: "Alerts", level: 1 })).toBeVisible();
  const filters = page.getByRole("search", { name: "Filter alerts" });
  await filters.getByLabel("Server").selectOption({ label: VICTIM });
  await filters.getByLabel("State").selectOption("RESOLVED");
  await filters.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/[?&]state=RESOLVED/);
  await expect(page).toHaveURL(/[?&]serverId=[0-9a-f-]{36}/);

  const table = page.getByRole("table", { name: "Alerts, newest first" });
  const row = table.getByRole("row").filter({ hasText: VICTIM }).first();
  await expect(row).toBeVisible();
  await expect(row.getByText("Resolved", { exact: true })).toBeVisible();
  // Only what the filters ask for.
  await expect(table.locator("tbody tr").filter({ hasNotText: VICTIM })).toHaveCount(0);

  // The filters survive a reload.
  await page.reload();
  await expect(page.getByRole("search", { name: "Filter alerts" }).getByLabel("State")).toHaveValue("RESOLVED");
  await expect(page.getByRole("table", { name: "Alerts, newest first" }).getByRole("row").filter({ hasText: VICTIM }).first()).toBeVisible();

  await page.getByRole("table", { name: "Alerts, newest first" }).getByRole("row").filter({ hasText: VICTIM }).first().getByRole("link").first().click();
  await expect(page).toHaveURL(/\/alerts\/[0-9a-f-]{36}$/);
  const summary = page.getByRole("region", { name: "Summary" });
  await expect(summary.getByText("Resolved", { exact: true }).first()).toBeVisible();
  await expect(summary.getByRole("link", { name: VICTIM })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Timeline" })).toBeVisible();
});

test("an admin adds a scoped rule and a webhook channel, tests and removes them; a viewer reads rules only", async ({ page }) => {
  // Two sign-ins, a rule and a channel made, tested and removed: over 30 s on a loaded 2-core machine.
  test.setTimeout(60_000);
  await signIn(page, ADMIN);
  await page.goto("/alerts/rules");
  await expect(page.getByRole("heading", { name: "Alert rules", level: 1 })).toBeVisible();
  // Built-in rules are listed and cannot be deleted.
  const builtin = page.getByRole("row").filter({ hasText: "Built-in" }).first();
  await expect(builtin).toBeVisible();
  await expect(builtin.getByRole("button", { name: "Delete" })).toHaveCount(0);

  // A scoped rule: the threshold field follows the source.
  const form = page.getByRole("form", { name: "New alert rule" });
  await form.getByLabel("Name").fill("e2e: lon1 disk");
  await form.getByLabel("Source").selectOption("disk");
  await form.getByLabel("Threshold (%)").fill("99");
  await form.getByLabel("Held for (seconds)").fill("120");
  await form.getByRole("group", { name: /^Sites/ }).getByRole("checkbox", { name: "lon1", exact: true }).check();
  await form.getByRole("button", { name: "Add rule" }).click();
  await expect(page.getByRole("status")).toContainText("Added rule e2e: lon1 disk");
  const row = page.getByRole("row").filter({ hasText: "e2e: lon1 disk" });
  await expect(row).toContainText("99 %");
  await expect(row).toContainText("2 min");
  await expect(row).toContainText("Sites: lon1");
  await form.getByLabel("Source").selectOption("raid");
  await expect(form.getByLabel(/Threshold/)).toHaveCount(0);

  // A channel to nowhere: the test delivery fails, and says so in place.
  await page.getByRole("navigation", { name: "Alerts" }).getByRole("link", { name: "Channels" }).click();
  await expect(page.getByRole("heading", { name: "Notification channels", level: 1 })).toBeVisible();
  const add = page.getByRole("form", { name: "New notification channel" });
  await add.getByLabel("Name").fill("e2e-hook");
  await add.getByLabel("Webhook URL").fill("http://127.0.0.1:39999/e2e-hook");
  await add.getByLabel("Signing secret").fill("an e2e signing secret");
  await add.getByRole("button", { name: "Add channel" }).click();
  const channel = page.getByRole("row").filter({ hasText: "e2e-hook" }).first();
  await expect(channel).toContainText("Signed");
  await channel.getByRole("button", { name: "Send test" }).click();
  await expect(page.getByTestId("channel-test-result")).toContainText("Failed", { timeout: 20_000 });
  await channel.getByRole("button", { name: "Delete" }).click();
  await page.getByRole("button", { name: "Yes, delete" }).click();
  await expect(page.getByRole("row").filter({ hasText: "e2e-hook" })).toHaveCount(0);

  await page.getByRole("navigation", { name: "Alerts" }).getByRole("link", { name: "Rules" }).click();
  await row.getByRole("button", { name: "Delete" }).click();
  await page.getByRole("button", { name: "Yes, delete" }).click();
  await expect(row).toHaveCount(0);

  // A viewer: rules without buttons, no Channels tab, and the channels page refused.
  await ensureUser(page, WATCHER, "VIEWER");
  const viewer = await (await page.context().browser()!.newContext()).newPage();
  await signIn(viewer, WATCHER);
  await viewer.goto("/alerts/rules");
  await expect(viewer.getByRole("row").filter({ hasText: "Built-in" }).first()).toBeVisible();
  await expect(viewer.getByRole("button", { name: "Edit" })).toHaveCount(0);
  await expect(viewer.getByRole("navigation", { name: "Alerts" }).getByRole("link", { name: "Channels" })).toHaveCount(0);
  await viewer.goto("/alerts/channels");
  await expect(viewer.getByRole("heading", { name: "Not allowed" })).toBeVisible();
});
