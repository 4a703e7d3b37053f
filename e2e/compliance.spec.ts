// Patch compliance on the demo fleet: the simulated hosts report pending and
// security updates and reboots; the page's summary agrees with its rows, a site
// filter narrows both, and the columns sort.
import { expect, test, type Locator, type Page } from "@playwright/test";
import { ADMIN, signIn } from "./fixtures";

const num = async (l: Locator) => Number((await l.innerText()).replace(/\D/g, "") || "0");
const tileValue = (page: Page, id: string) => num(page.getByTestId(id).locator("strong"));

async function rowStatuses(page: Page): Promise<string[]> {
  return page.getByTestId("compliance-row").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-status") ?? ""));
}

async function expectSummaryMatchesRows(page: Page) {
  await expect(async () => {
    const statuses = await rowStatuses(page);
    expect(statuses.length).toBeGreaterThan(0);
    expect(await tileValue(page, "tile-servers")).toBe(statuses.length);
    expect(await tileValue(page, "tile-up-to-date")).toBe(statuses.filter((s) => s === "UP_TO_DATE").length);
    expect(await tileValue(page, "tile-reboot")).toBe(statuses.filter((s) => s === "REBOOT").length);
    expect(await tileValue(page, "tile-unknown")).toBe(statuses.filter((s) => s === "UNKNOWN").length);
  }).toPass({ timeout: 20_000 });
}

test("Compliance shows each demo server's updates worst first, with a summary that matches, a site filter and sorting", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, ADMIN);
  const menu = page.getByRole("button", { name: "Menu" });
  if (await menu.isVisible()) await menu.click();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Compliance" }).click();
  await expect(page.getByRole("heading", { name: "Compliance", level: 1 })).toBeVisible();

  // The demo hosts' first samples are stored within seconds; then few are unknown.
  await expect(async () => {
    const statuses = await rowStatuses(page);
    expect(statuses.length).toBeGreaterThanOrEqual(20);
    expect(statuses.filter((s) => s === "UNKNOWN").length).toBeLessThan(statuses.length / 2);
  }).toPass({ timeout: 60_000 });
  await expectSummaryMatchesRows(page);

  // Worst first: statuses come in tiers, reboots and security updates before other updates, unknown, up to date.
  const tier: Record<string, number> = { REBOOT: 0, SECURITY: 0, UPDATES: 1, UNKNOWN: 2, UP_TO_DATE: 3 };
  const tiers = (await rowStatuses(page)).map((s) => tier[s]!);
  expect(tiers).toEqual([...tiers].sort((a, b) => a - b));
  await expect(page.getByTestId("compliance-row").first().getByText(/^checked .+ ago$|^checked just now$/)).toBeVisible();

  // Filter by a site: every row is in it, and the summary counts only those.
  const all = await tileValue(page, "tile-servers");
  const site = page.getByLabel("Site");
  const siteName = (await site.locator("option").nth(1).innerText()).trim();
  await site.selectOption({ label: siteName });
  await expect(async () => {
    const wheres = await page.getByTestId("compliance-row").locator("td").first().locator("span").allInnerTexts();
    expect(wheres.length).toBeGreaterThan(0);
    expect(wheres.length).toBeLessThan(all);
    for (const w of wheres) expect(w.startsWith(siteName)).toBe(true);
  }).toPass({ timeout: 15_000 });
  await expectSummaryMatchesRows(page);

  // Sort by pending updates: most first, then fewest first.
  const table = page.getByTestId("compliance-table");
  const pendingHeader = table.getByRole("columnheader", { name: /Pending/ });
  const pendings = async () => (await table.locator('td[data-col="pending"]').allInnerTexts()).map((t) => t.trim()).filter((t) => /^\d/.test(t)).map((t) => Number(t.replace(/\D/g, "")));
  await pendingHeader.getByRole("button").click();
  await expect(pendingHeader).toHaveAttribute("aria-sort", "descending");
  const desc = await pendings();
  expect(desc).toEqual([...desc].sort((a, b) => b - a));
  await pendingHeader.getByRole("button").click();
  await expect(pendingHeader).toHaveAttribute("aria-sort", "ascending");
  const asc = await pendings();
  expect(asc).toEqual([...asc].sort((a, b) => a - b));

  await page.getByRole("button", { name: "Clear filters" }).click();
  await page.getByRole("button", { name: "Worst first" }).click();
  await page.screenshot({ path: "test-results/compliance-desktop.png", fullPage: true });

  // A row leads to its server's page.
  const first = page.getByTestId("compliance-row").first().getByRole("link");
  const name = (await first.innerText()).trim();
  await first.click();
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
});

test("Compliance fits a 390 px screen", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/compliance");
  await expect(page.getByTestId("tile-servers")).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId("compliance-row").first()).toBeVisible();
  // Only the table scrolls sideways, never the page.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: "test-results/compliance-390.png", fullPage: true });
});
