// A switchover by click, as an operator meets it: the group page's button opens
// a confirmation that shows the plan, the operation's page streams its steps to
// the end, and the Operations page lists it.
import { expect, test, type Locator } from "@playwright/test";
import { ADMIN, api, signIn } from "./fixtures";

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

// A reason as long as the API takes, with one unbroken run (a pasted URL):
// automatic failovers write long generated sentences in the same column.
const LONG_WORD = `https://runbooks.example.test/pg-lon1/${"0123456789abcdef".repeat(11)}`.slice(0, 200);
const LONG_REASON = `e2e: long reason. The primary stopped answering its health checks from two sites while the standby still replicated; moving the role after the storage team confirmed the array is degraded, see ${LONG_WORD} and the incident channel for the timeline.`;

/** Every header and data cell of the table whose content reaches past the cell's own box, described. */
function overflowingCells(table: Locator) {
  return table.evaluate((t) => {
    const found: string[] = [];
    for (const cell of Array.from(t.querySelectorAll<HTMLElement>("th, td"))) {
      const box = cell.getBoundingClientRect();
      const name = `${cell.tagName.toLowerCase()} "${(cell.textContent ?? "").slice(0, 30)}"`;
      if (cell.scrollWidth > cell.clientWidth + 1) found.push(`${name}: content ${cell.scrollWidth}px in ${cell.clientWidth}px`);
      for (const el of Array.from(cell.querySelectorAll("*"))) {
        const r = el.getBoundingClientRect();
        if (r.width > 0 && (r.right > box.right + 1 || r.left < box.left - 1)) found.push(`${name}: <${el.tagName.toLowerCase()}> spans ${r.left}-${r.right}, cell ${box.left}-${box.right}`);
      }
    }
    return found;
  });
}

test("a long reason stays in its column on the Operations page, and the whole of it is a hover or a key press away", async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, ADMIN);
  const groups = await api<{ groups: { id: string; name: string }[] }>(page, "GET", "/api/v1/groups");
  const groupId = groups.body.groups.find((g) => g.name === GROUP)!.id;
  // Whether or not the first test ran, wait until a switchover can be planned, then run one to its end.
  await expect
    .poll(async () => (await api(page, "POST", `/api/v1/groups/${groupId}/switchover/plan`)).status, { timeout: 60_000, intervals: [1_000, 2_000, 3_000] })
    .toBe(200);
  const started = await api<{ id: string }>(page, "POST", `/api/v1/groups/${groupId}/switchover`, { reason: LONG_REASON });
  expect(started.status).toBe(202);
  await expect
    .poll(async () => (await api<{ state: string }>(page, "GET", `/api/v1/operations/${started.body.id}`)).body.state, { timeout: 60_000 })
    .toBe("SUCCEEDED");

  await page.goto("/operations");
  const table = page.getByRole("table", { name: "Operations, newest first" });
  const row = table.getByRole("row").filter({ has: page.locator(`a[href="/operations/${started.body.id}"]`) });
  await expect(row.getByText("Succeeded")).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("operations-1440.png") });

  expect(await overflowingCells(table)).toEqual([]);
  // At this width the table fits: no sideways scrolling on a desktop.
  const wrap = page.locator(".table-wrap").filter({ has: table });
  expect(await wrap.evaluate((w) => w.scrollWidth - w.clientWidth)).toBeLessThanOrEqual(1);

  // The whole reason: on hover (title), and unfolded in place from the keyboard.
  const reason = row.getByRole("button", { name: LONG_REASON, exact: true });
  await expect(reason).toHaveAttribute("title", LONG_REASON);
  await expect(reason).toHaveAttribute("aria-expanded", "false");
  await reason.focus();
  await page.keyboard.press("Enter");
  await expect(reason).toHaveAttribute("aria-expanded", "true");
  await expect(reason).not.toHaveAttribute("title");
  expect(await reason.evaluate((el) => el.scrollWidth <= el.clientWidth && el.scrollHeight <= el.clientHeight)).toBe(true);
  expect(await overflowingCells(table)).toEqual([]);
  await page.screenshot({ path: test.info().outputPath("operations-1440-unfolded.png") });
  await page.keyboard.press("Space");
  await expect(reason).toHaveAttribute("aria-expanded", "false");
  // Text that fits is plain text: no button, no extra tab stop.
  await expect(row.getByText(ADMIN.email, { exact: true })).toBeVisible();
  await expect(row.getByRole("button", { name: ADMIN.email })).toHaveCount(0);

  // The audit log records the same reason in its details: clipped there too.
  await page.goto("/audit");
  const audit = page.getByRole("table", { name: "Audit events, newest first" });
  await expect(audit.getByRole("row").nth(1)).toBeVisible();
  expect(await overflowingCells(audit)).toEqual([]);

  // On a phone the table keeps its columns and scrolls sideways; the page itself does not.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/operations");
  await expect(row.getByText("Succeeded")).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("operations-390.png") });
  expect(await overflowingCells(table)).toEqual([]);
  expect(await wrap.evaluate((w) => w.scrollWidth > w.clientWidth)).toBe(true);
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
});
