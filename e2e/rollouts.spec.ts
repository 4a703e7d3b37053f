// A patch rollout as an operator runs it on the demo fleet: the form previews
// the batches and what each leaves every group, Start opens the rollout's page,
// which streams host by host to success, and no group is ever BROKEN meanwhile.
import { expect, test, type Page } from "@playwright/test";
import { api, signInAs } from "./fixtures";

const OPERATOR = { name: "Oona Operator", email: "oona@example.test", password: "oona's long password" };
// Amsterdam's database pair and web pool: the pair's primary is switched over
// before it is patched, the pool is patched a member at a time.
const GROUPS = ["pg-ams1", "web-ams1"];

type Group = { id: string; name: string; redundancy: { state: "OK" | "AT_RISK" | "BROKEN" } };

async function groups(page: Page): Promise<Group[]> {
  const res = await api<{ groups: Group[] }>(page, "GET", "/api/v1/groups");
  expect(res.status).toBe(200);
  return res.body.groups;
}

/**
 * Polls the groups every second until stopped: every time a group that was not
 * BROKEN before the rollout is seen BROKEN, it is recorded.
 */
function watchRedundancy(page: Page, healthyBefore: Set<string>) {
  const broken: string[] = [];
  let polls = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const res = await page.context().request.get("/api/v1/groups", { headers: { accept: "application/json" } });
      if (res.ok()) {
        polls++;
        for (const g of ((await res.json()) as { groups: Group[] }).groups) {
          if (g.redundancy.state === "BROKEN" && healthyBefore.has(g.id)) broken.push(`${g.name} at ${new Date().toISOString()}`);
        }
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  })();
  return {
    broken,
    polls: () => polls,
    stop: async () => {
      stopped = true;
      await loop;
    },
  };
}

test("an operator plans a rollout over two groups, starts it and watches it succeed without breaking a group", async ({ page }) => {
  test.setTimeout(420_000);
  await signInAs(page, OPERATOR, "OPERATOR");

  // The demo fleet comes up after the server starts: wait for both groups to be OK.
  await expect
    .poll(async () => (await groups(page)).filter((g) => GROUPS.includes(g.name)).map((g) => g.redundancy.state), { timeout: 120_000, intervals: [2000] })
    .toEqual(["OK", "OK"]);

  await page.goto("/rollouts");
  await expect(page.getByRole("heading", { name: "Rollouts", level: 1 })).toBeVisible();
  await page.getByRole("link", { name: "New rollout" }).click();
  await expect(page.getByRole("heading", { name: "New rollout", level: 1 })).toBeVisible();

  const preview = page.getByTestId("plan-preview");
  await expect(preview).toContainText("Pick servers, groups, sites or tags");
  for (const g of GROUPS) await page.getByRole("checkbox", { name: g, exact: true }).check();

  // A bad size is reported at its field, and nothing is planned from it.
  const sizes = page.getByLabel("Batch sizes");
  await sizes.fill("1, lots");
  await expect(page.getByText('"lots" is not a count or a percent like 25%.')).toBeVisible();
  await sizes.fill("1, 50%");
  await expect(page.getByText('"lots" is not')).toHaveCount(0);

  // The preview: a canary batch, then half at a time; each batch lists every group's redundancy during it.
  const batches = preview.getByTestId("plan-batch");
  await expect(batches.first()).toBeVisible({ timeout: 20_000 });
  await expect(batches.first()).toContainText("1 host");
  expect(await batches.count()).toBeGreaterThanOrEqual(2);
  await expect(preview.getByTestId("plan-group").first()).toContainText(/OK|At risk/);
  await expect(preview).toContainText(/Switch over to db-ams1-\w first/);
  await expect(preview).toContainText(/planned in [\d.]+ ms/);

  // The reason is required.
  await page.getByRole("button", { name: "Start rollout" }).click();
  await expect(page.getByText("Say why: it is recorded with the rollout.")).toBeVisible();
  await page.getByLabel("Reason").fill("e2e: monthly patching of ams1");
  await page.getByLabel("Ticket (optional)").fill("E2E-ROLL");

  const healthyBefore = new Set((await groups(page)).filter((g) => g.redundancy.state !== "BROKEN").map((g) => g.id));
  const watch = watchRedundancy(page, healthyBefore);
  try {
    await page.getByRole("button", { name: "Start rollout" }).click();
    await expect(page).toHaveURL(/\/rollouts\/[0-9a-f-]{36}$/, { timeout: 20_000 });
    await expect(page.getByRole("heading", { name: "Patch rollout", level: 1 })).toBeVisible();
    const summary = page.getByRole("region", { name: "Summary" });
    await expect(summary).toContainText("e2e: monthly patching of ams1");
    await expect(summary).toContainText("E2E-ROLL");
    await expect(page.getByRole("button", { name: "Pause" }).or(summary.getByText("Succeeded", { exact: true }))).toBeVisible();
    await expect(page.getByTestId("rollout-host").first()).toBeVisible();

    await expect(summary.getByText("Succeeded", { exact: true })).toBeVisible({ timeout: 240_000 });
  } finally {
    await watch.stop();
  }
  expect(watch.polls(), "the groups were polled while the rollout ran").toBeGreaterThan(3);
  expect(watch.broken, "no group went BROKEN during the rollout").toEqual([]);

  // Every host done, every batch done, and a host's steps can be read.
  const overall = page.getByRole("region", { name: "Summary" }).getByRole("progressbar");
  await expect(overall).toHaveAttribute("aria-valuenow", (await overall.getAttribute("aria-valuemax")) ?? "");
  await expect(page.getByTestId("rollout-host").filter({ hasText: "Failed" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Pause" })).toHaveCount(0);
  const first = page.getByTestId("rollout-host").first();
  await first.getByRole("button", { expanded: false }).click();
  await expect(first.getByLabel(/^Output of patch on /)).toBeVisible();

  // The list shows it, ended.
  await page.goto("/rollouts");
  const row = page.getByTestId("rollout-row").filter({ hasText: "e2e: monthly patching of ams1" }).first();
  await expect(row).toContainText("Succeeded");

  // Usable on a phone: the rollout's page does not scroll sideways.
  await row.getByRole("link").click();
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByRole("heading", { name: "Patch rollout", level: 1 })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});
