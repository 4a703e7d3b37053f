// Maintenance windows as an operator plans them on the demo fleet: scheduled
// from the form with its impact preview, the server shows MAINTENANCE on the
// Fleet page when the window starts, and leaves it when the window is ended
// early. And the calendar's month view shows a recurring window's occurrences.
import { expect, test, type Page } from "@playwright/test";
import { ADMIN, api, signIn } from "./fixtures";

// A web pool member no other spec touches, and no group's primary: one web
// server out of three in maintenance breaks nothing.
const VICTIM = "web-lon1-2";
// The window starts within two minutes; the fleet follows within a few polls.
const START_MS = 150_000;
const LEAVE_MS = 90_000;

type Window = { id: string; title: string; status: string };

async function serverId(page: Page, name: string): Promise<string> {
  const res = await api<{ servers: { id: string; name: string }[] }>(page, "GET", `/api/v1/servers?q=${name}`);
  const s = res.body.servers.find((x) => x.name === name);
  expect(s, `${name} is in the demo fleet`).toBeTruthy();
  return s!.id;
}

/** The viewer's zone and a wall-clock time there, `offsetMs` from now, as the form takes it. */
async function localIn(page: Page, offsetMs: number): Promise<{ zone: string; date: string; time: string }> {
  return page.evaluate((offset) => {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const p = Object.fromEntries(
      new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" })
        .formatToParts(new Date(Date.now() + offset))
        .map((x) => [x.type, x.value]),
    );
    return { zone, date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
  }, offsetMs);
}

async function cancelQuietly(page: Page, id: string | undefined) {
  if (!id) return;
  // Ended one-off windows cannot be cancelled (409): nothing left to clean then.
  await api(page, "POST", `/api/v1/maintenance-windows/${id}/cancel`, { reason: "e2e cleanup" }).catch(() => undefined);
}

function tile(page: Page, name: string) {
  // A tile's accessible name starts with the server's name.
  return page.getByRole("link", { name: new RegExp(`^${name}\\b`) });
}

async function fleetTile(page: Page, name: string) {
  await page.goto(`/fleet?q=${name}`);
  await expect(page.getByRole("heading", { name: "Fleet", level: 1 })).toBeVisible();
  return tile(page, name);
}

test("a window scheduled from the form puts its server in MAINTENANCE when it starts; ending it early brings it back", async ({ page }) => {
  test.setTimeout(420_000);
  await signIn(page, ADMIN);
  const title = `Patch ${VICTIM} ${Date.now()}`;
  let id: string | undefined;
  try {
    // The server is up first (the demo fleet comes up after the server starts).
    await expect(await fleetTile(page, VICTIM)).toHaveAttribute("data-state", "UP", { timeout: 120_000 });

    await page.goto("/maintenance");
    await expect(page.getByRole("heading", { name: "Maintenance", level: 1 })).toBeVisible();
    await page.getByRole("button", { name: "Schedule maintenance", exact: true }).click();
    const form = page.getByRole("form", { name: "Schedule maintenance" });
    await expect(form).toBeVisible();

    // Starts in a minute or two, in the form's default zone: the viewer's.
    const at = await localIn(page, 90_000);
    await expect(form.getByLabel("Time zone")).toHaveValue(at.zone);
    await form.getByLabel("Title").fill(title);
    await form.getByLabel("Filter servers").fill(VICTIM);
    await form.getByRole("checkbox", { name: new RegExp(`^${VICTIM}\\b`) }).check();
    await form.getByLabel("Start date").fill(at.date);
    await form.getByLabel("Start time").fill(at.time);
    await form.getByLabel("Hours").fill("0");
    await form.getByLabel("Minutes").fill("10");

    // The impact preview names the server and the next (only) occurrence.
    await expect(form.getByRole("list", { name: "Servers in scope" }).getByRole("link", { name: VICTIM })).toBeVisible();
    await expect(form.getByRole("list", { name: "Next occurrences" }).getByRole("listitem")).toHaveCount(1);
    await expect(form.getByRole("list", { name: "Next occurrences" })).toContainText(at.time);

    await form.getByRole("button", { name: "Save window" }).click();
    await expect(page.getByRole("status").filter({ hasText: `Scheduled ${title}.` })).toBeVisible();
    const item = page.getByRole("listitem").filter({ has: page.getByRole("link", { name: title, exact: true }) });
    await expect(item).toHaveAttribute("data-status", "scheduled");
    id = (await item.getAttribute("data-window-id")) ?? undefined;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await expect(item).toContainText(VICTIM);
    await expect(page.getByTestId("calendar-block").filter({ hasText: title })).toHaveAttribute("data-status", "scheduled");

    // When it starts, the Fleet page shows the server in maintenance: which window, until when, and its health.
    const inWindow = await fleetTile(page, VICTIM);
    await expect(inWindow).toHaveAttribute("data-state", "MAINTENANCE", { timeout: START_MS });
    await expect(inWindow).toContainText(title);
    await expect(inWindow).toContainText("until");
    await expect(inWindow).toContainText("health: Up");
    // So does the API, with the live health beside it.
    const listed = await api<{ servers: { name: string; state: string; health: string; maintenance: { title: string; endsAt: string } | null }[] }>(page, "GET", `/api/v1/servers?state=MAINTENANCE`);
    expect(listed.body.servers.find((s) => s.name === VICTIM)).toMatchObject({ state: "MAINTENANCE", health: "UP", maintenance: { title } });

    // Killed while in the window: still in maintenance, and plainly not answering, on the Fleet page, its own page and its group's.
    await api(page, "POST", "/api/v1/simulator/faults", { host: VICTIM, fault: "down" });
    try {
      await expect(inWindow).toContainText("health: Down", { timeout: 30_000 });
      await expect(inWindow).toHaveAttribute("data-state", "MAINTENANCE");
      const victimId = await serverId(page, VICTIM);
      await page.goto(`/servers/${victimId}`);
      const status = page.getByRole("region", { name: "Status" });
      await expect(status).toHaveAttribute("data-state", "MAINTENANCE");
      await expect(status.getByTestId("maintenance-note")).toContainText(title);
      await expect(status.getByTestId("maintenance-note")).toContainText("Down");
      const groups = await api<{ groups: { id: string; name: string; members: { name: string }[] }[] }>(page, "GET", "/api/v1/groups");
      const group = groups.body.groups.find((g) => g.members.some((m) => m.name === VICTIM))!;
      await page.goto(`/groups/${group.id}`);
      const row = page.getByRole("table", { name: "Members" }).getByRole("row").filter({ has: page.getByRole("link", { name: VICTIM, exact: true }) });
      await expect(row).toContainText("Maintenance");
      await expect(row).toContainText(title);
      await expect(row).toContainText("health: Down");
    } finally {
      await api(page, "POST", "/api/v1/simulator/clear", { host: VICTIM, fault: "down" });
    }
    await expect(await fleetTile(page, VICTIM)).toContainText("health: Up", { timeout: 60_000 });

    // End it early from the Maintenance page.
    await page.goto("/maintenance");
    const active = page.getByRole("listitem").filter({ has: page.getByRole("link", { name: title, exact: true }) });
    await expect(active).toHaveAttribute("data-status", "active", { timeout: 20_000 });
    await active.getByRole("button", { name: "End now" }).click();
    await active.getByRole("button", { name: "Yes, end now" }).click();
    await expect(page.getByRole("status").filter({ hasText: `Ended the running occurrence of ${title}.` })).toBeVisible();
    const ended = await api<Window>(page, "GET", `/api/v1/maintenance-windows/${id}`);
    expect(ended.body.status).toBe("ended");

    await expect(await fleetTile(page, VICTIM)).not.toHaveAttribute("data-state", "MAINTENANCE", { timeout: LEAVE_MS });
  } finally {
    await cancelQuietly(page, id);
  }
});

test("the calendar's month view shows a recurring window's occurrences, and a slot opens the form at its time", async ({ page }) => {
  // Month, week, the window's page, an edit and a cancel: about 10 s alone, over 30 s on a loaded 2-core machine.
  test.setTimeout(60_000);
  await signIn(page, ADMIN);
  const title = `Nightly ${Date.now()}`;
  const tomorrow = await localIn(page, 86_400_000);
  const res = await api<Window>(page, "POST", "/api/v1/maintenance-windows", {
    title,
    scope: { serverIds: [await serverId(page, VICTIM)] },
    start: `${tomorrow.date}T03:00`,
    timezone: tomorrow.zone,
    durationMinutes: 60,
    rrule: "FREQ=DAILY;COUNT=3",
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  try {
    await page.goto("/maintenance");
    await page.getByRole("button", { name: "Month" }).click();
    // Three nights from tomorrow always fit in the six weeks the month view shows.
    const blocks = page.getByTestId("calendar-block").filter({ hasText: title });
    await expect(blocks).toHaveCount(3);
    await expect(blocks.first()).toHaveAttribute("data-status", "scheduled");
    await expect(blocks.first()).toHaveAttribute("href", `/maintenance/${res.body.id}`);

    // The week view: an empty slot opens the form starting then.
    await page.getByRole("button", { name: "Week" }).click();
    await page.getByRole("button", { name: /^New window at .* 14:00$/ }).first().click();
    const form = page.getByRole("form", { name: "Schedule maintenance" });
    await expect(form.getByLabel("Start time")).toHaveValue("14:00");
    await form.getByRole("button", { name: "Cancel" }).click();
    await expect(form).toHaveCount(0);

    // Its page lists the occurrences; editing it there keeps the rule. Back to the month: on a
    // Sunday, tomorrow's block is in next week, not in the week view.
    await page.getByRole("button", { name: "Month" }).click();
    await blocks.first().click();
    await expect(page.getByRole("heading", { name: title, level: 1 })).toBeVisible();
    await expect(page.getByRole("list", { name: "Next occurrences" }).getByRole("listitem")).toHaveCount(3);
    await page.getByRole("button", { name: "Edit" }).click();
    const edit = page.getByRole("form", { name: `Edit ${title}` });
    await expect(edit.getByTestId("rrule")).toHaveText("FREQ=DAILY;COUNT=3");
    await edit.getByLabel("Title").fill(`${title} (moved)`);
    await edit.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByRole("heading", { name: `${title} (moved)`, level: 1 })).toBeVisible();
  } finally {
    await cancelQuietly(page, res.body.id);
  }
});

test("the form shows the server's field errors, and needs a reason to save a window that would break a group", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/maintenance");
  await page.getByRole("button", { name: "Schedule maintenance", exact: true }).click();
  const form = page.getByRole("form", { name: "Schedule maintenance" });
  await form.getByLabel("Title").fill("Too short");
  await form.getByLabel("Filter servers").fill(VICTIM);
  await form.getByRole("checkbox", { name: new RegExp(`^${VICTIM}\\b`) }).check();
  await form.getByLabel("Hours").fill("0");
  await form.getByLabel("Minutes").fill("0");
  await form.getByRole("button", { name: "Save window" }).click();
  await expect(form.getByText("Duration must be at least 5 minutes.")).toBeVisible();
  await expect(form.getByLabel("Minutes")).toHaveAttribute("aria-invalid", "true");

  // Both database servers of pg-lon1 out at once: the group would break.
  await form.getByLabel("Hours").fill("1");
  await form.getByRole("checkbox", { name: new RegExp(`^${VICTIM}\\b`) }).uncheck();
  await form.getByRole("checkbox", { name: "pg-lon1", exact: true }).check();
  await expect(form.getByRole("alert").filter({ hasText: "This window would break pg-lon1" })).toBeVisible();
  const save = form.getByRole("button", { name: "Save window" });
  await expect(save).toBeDisabled();
  await form.getByLabel("Override reason").fill("Planned rebuild of both nodes");
  await expect(save).toBeEnabled();
  await form.getByRole("button", { name: "Cancel" }).click();
  await expect(form).toHaveCount(0);
});
