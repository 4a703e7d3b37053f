// PagerDuty and Teams channels made in the UI, pointed at a receiver this spec
// runs on loopback: "Send test" reaches it with the documented shapes and the
// UI says it was delivered.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { ADMIN, signIn } from "./fixtures";

type Hit = { path: string; body: any }; // eslint-disable-line @typescript-eslint/no-explicit-any
const ROUTING_KEY = "E2EROUTINGKEYE2EROUTINGKEY123456";
const hits: Hit[] = [];
let receiver: http.Server;
let base: string;

test.beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "null");
      hits.push({ path: req.url ?? "/", body });
      // Like the real services: 202 for a well-formed event or card, 400 otherwise.
      const ok = req.url?.startsWith("/pd")
        ? body?.routing_key === ROUTING_KEY && ["trigger", "resolve"].includes(body?.event_action) && typeof body?.dedup_key === "string"
        : body?.type === "message" && body?.attachments?.[0]?.contentType === "application/vnd.microsoft.card.adaptive";
      res.writeHead(ok ? 202 : 400, { "content-type": "application/json" }).end(JSON.stringify({ status: ok ? "success" : "invalid" }));
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise((r) => receiver?.close(r));
});

test("PagerDuty and Teams channels: add, send test, see it delivered", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/alerts/channels");
  await expect(page.getByRole("heading", { name: "Notification channels", level: 1 })).toBeVisible();
  const add = page.getByRole("form", { name: "New notification channel" });

  // PagerDuty: a test opens an incident of its own and resolves it at once.
  await add.getByLabel("Name").fill("e2e-pagerduty");
  await add.getByLabel("Kind", { exact: true }).selectOption("PAGERDUTY");
  await add.getByLabel("Routing key").fill(ROUTING_KEY);
  await add.getByLabel("Events API URL").fill(`${base}/pd/v2/enqueue`);
  await add.getByRole("button", { name: "Add channel" }).click();
  await expect(page.getByRole("status").first()).toContainText("Added channel e2e-pagerduty");
  const pd = page.getByRole("row").filter({ hasText: "e2e-pagerduty" }).first();
  await expect(pd).toContainText("PagerDuty");
  await expect(pd).not.toContainText(ROUTING_KEY);
  await pd.getByRole("button", { name: "Send test" }).click();
  await expect(page.getByTestId("channel-test-result")).toContainText("Delivered", { timeout: 20_000 });
  await expect(page.getByTestId("channel-test-result")).toContainText("HTTP 202");
  // The demo fleet's own alerts may reach the channel too: only the test's key counts here.
  const pdHits = hits.filter((h) => h.path === "/pd/v2/enqueue" && String(h.body.dedup_key).startsWith("tandem-test:"));
  expect(pdHits.map((h) => h.body.event_action)).toEqual(["trigger", "resolve"]);
  expect(pdHits[0]!.body.payload).toMatchObject({ summary: "TEST [INFO] Test notification from Tandem", severity: "info" });
  await pd.getByRole("button", { name: "Delete" }).click();
  await page.getByRole("button", { name: "Yes, delete" }).click();
  await expect(page.getByRole("row").filter({ hasText: "e2e-pagerduty" })).toHaveCount(0);

  // Teams: an Adaptive Card to the workflow URL.
  await add.getByLabel("Name").fill("e2e-teams");
  await add.getByLabel("Kind", { exact: true }).selectOption("TEAMS");
  await add.getByLabel("Workflow URL").fill(`${base}/teams/workflows/e2e`);
  await add.getByRole("button", { name: "Add channel" }).click();
  const teams = page.getByRole("row").filter({ hasText: "e2e-teams" }).first();
  await expect(teams).toContainText("Microsoft Teams");
  await teams.getByRole("button", { name: "Send test" }).click();
  await expect(page.getByTestId("channel-test-result")).toContainText("Delivered", { timeout: 20_000 });
  const cards = hits.filter((h) => h.path === "/teams/workflows/e2e").map((h) => h.body.attachments[0].content);
  expect(cards.find((c) => c.body[0].text === "TEST [INFO] Test notification from Tandem")).toMatchObject({ type: "AdaptiveCard", version: "1.4" });
  await teams.getByRole("button", { name: "Delete" }).click();
  await page.getByRole("button", { name: "Yes, delete" }).click();
  await expect(page.getByRole("row").filter({ hasText: "e2e-teams" })).toHaveCount(0);
});
