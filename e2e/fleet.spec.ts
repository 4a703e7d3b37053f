// The live loop as a newcomer meets it, on the demo fleet (the e2e server runs
// the simulator): servers come up on the Fleet page, a fault injected in the
// Simulator panel turns one red without a reload, clearing it brings it back,
// and its own page shows charts and facts.
import { expect, test, type Page } from "@playwright/test";
import { ADMIN, signIn } from "./fixtures";

// A web pool member: breaking it hurts nothing else in the demo.
const VICTIM = "web-ams1-2";

function nav(page: Page, name: string) {
  return page.getByRole("navigation", { name: "Main" }).getByRole("link", { name });
}

async function openFleetAt(page: Page, search: string) {
  const menu = page.getByRole("button", { name: "Menu" });
  if (await menu.isVisible()) await menu.click();
  await nav(page, "Fleet").click();
  await expect(page.getByRole("heading", { name: "Fleet", level: 1 })).toBeVisible();
  await page.getByRole("searchbox", { name: "Search" }).fill(search);
  await expect(page).toHaveURL(new RegExp(`[?&]q=${search}`));
}

function tile(page: Page, name: string) {
  // A tile's accessible name starts with the server's name.
  return page.getByRole("link", { name: new RegExp(`^${name}\\b`) });
}

async function simulatorCard(page: Page, name: string) {
  await nav(page, "Simulator").click();
  await expect(page.getByRole("heading", { name: "Simulator", level: 1 })).toBeVisible();
  const card = page.getByRole("region", { name });
  await expect(card).toBeVisible();
  return card;
}

test("a server broken in the Simulator turns red on the Fleet page without a reload, and its page shows charts and facts", async ({ page }) => {
  test.setTimeout(300_000);
  await signIn(page, ADMIN);

  // The demo fleet comes up: about 24 servers, polled over SSH.
  await page.goto("/fleet");
  await expect(page.getByRole("heading", { name: "Fleet", level: 1 })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: /^Live$/ })).toBeVisible({ timeout: 30_000 });
  const counts = page.getByRole("group", { name: /Servers per state/ });
  await expect(async () => {
    const all = Number((await counts.getByRole("button", { name: /^All/ }).innerText()).replace(/\D/g, ""));
    const up = Number((await counts.getByRole("button", { name: /^Up/ }).innerText()).replace(/\D/g, ""));
    expect(all).toBeGreaterThanOrEqual(20);
    expect(up).toBeGreaterThanOrEqual(20);
  }).toPass({ timeout: 120_000, intervals: [1000] });

  // Filtering by name is reflected in the URL and leaves one tile.
  await page.getByRole("searchbox", { name: "Search" }).fill(VICTIM);
  await expect(page).toHaveURL(new RegExp(`[?&]q=${VICTIM}`));
  await expect(tile(page, VICTIM)).toHaveAttribute("data-state", "UP");

  // Remember this document: a reload would lose the mark.
  await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));

  // Break it.
  let card = await simulatorCard(page, VICTIM);
  await card.getByRole("button", { name: "Inject a fault…" }).click();
  await card.getByLabel("Fault", { exact: true }).selectOption("down");
  await card.getByRole("button", { name: "Inject" }).click();
  await expect(card.getByRole("status")).toContainText("Injected Host down");
  await expect(card.getByRole("button", { name: `Clear Host down on ${VICTIM}` })).toBeVisible();

  // The Fleet page sees it go down once the failed polls confirm it.
  await openFleetAt(page, VICTIM);
  await expect(tile(page, VICTIM)).toHaveAttribute("data-state", "DOWN", { timeout: 60_000 });
  await expect(tile(page, VICTIM)).toContainText("Down");
  expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);

  // Put it right: it comes back after good polls (the poller may be backing off).
  card = await simulatorCard(page, VICTIM);
  await card.getByRole("button", { name: `Clear Host down on ${VICTIM}` }).click();
  await expect(card.getByRole("status")).toContainText("Cleared Host down");
  await openFleetAt(page, VICTIM);
  await expect(tile(page, VICTIM)).toHaveAttribute("data-state", "UP", { timeout: 120_000 });
  expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);

  // Its own page: charts with data and the facts the agent reported.
  await tile(page, VICTIM).click();
  await expect(page.getByRole("heading", { name: VICTIM, level: 1 })).toBeVisible();
  const cpu = page.getByRole("figure", { name: "CPU" });
  await expect(cpu.locator("path.recharts-curve").first()).toHaveAttribute("d", /\d/, { timeout: 30_000 });
  await expect(page.locator("dt", { hasText: /^Kernel$/ }).locator("+ dd")).toHaveText(/\d+\.\d+/);
  await expect(page.locator("dt", { hasText: /^OS$/ }).locator("+ dd")).not.toBeEmpty();

  // Another range reads rollups: the switch answers either with charts or an honest empty state.
  await page.getByRole("radio", { name: "24 h" }).check();
  await expect(page).toHaveURL(/range=24h/);
  await expect(page.getByRole("figure", { name: "CPU" }).or(page.getByText(/No (history|samples)/))).toBeVisible();
});
