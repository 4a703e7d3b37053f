// Settings → Cluster on the demo, which runs as one node: that node is live,
// this node, the leader, and holds a lease on every demo server.
import { expect, test, type Page } from "@playwright/test";
import { ADMIN, signIn, signInAs } from "./fixtures";

const DEMO_SERVERS = 27;
/** A viewer of this spec's own, so it does not depend on another spec having added one. */
const CLUSTER_VIEWER = { name: "Cleo Cluster", email: "cleo@example.test", password: "cleo's long password" };

async function openCluster(page: Page) {
  const menu = page.getByRole("button", { name: "Menu" });
  if (await menu.isVisible()) await menu.click();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
  await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: /^Cluster/ }).click();
  await expect(page.getByRole("heading", { name: "Cluster", level: 1 })).toBeVisible();
}

test("the demo's one node is live, is this node, leads with an epoch and polls every demo server", async ({ page }) => {
  test.setTimeout(60_000);
  await signIn(page, ADMIN);
  await openCluster(page);

  const rows = page.getByRole("table", { name: "Nodes" }).locator("tbody tr");
  await expect(rows).toHaveCount(1);
  const node = rows.first();
  const nodeName = page.getByRole("table", { name: "Nodes" }).getByRole("rowheader");
  await expect(nodeName).toContainText("(this node)");
  await expect(nodeName).toContainText("Leader");
  const name = (await nodeName.textContent())!.replace("(this node)", "").replace("Leader", "").trim();
  expect(name).not.toBe("");
  // Kind, Host / PID, State, Heartbeat, Leases, Started, Version
  const cells = node.getByRole("cell");
  await expect(cells.nth(0)).toHaveText("Full");
  await expect(cells.nth(2)).toHaveText("Live");
  await expect(cells.nth(3)).toHaveText(/^\d+\.\d s ago$/);
  // Leases are claimed in paced steps after start: the count reaches every demo server within a few lease times.
  await expect(cells.nth(4)).toHaveText(String(DEMO_SERVERS), { timeout: 30_000 });

  const summary = page.getByRole("region", { name: "Cluster summary" });
  const leader = summary.getByRole("definition").filter({ hasText: /Epoch \d+/ });
  await expect(leader).toContainText(name);
  const epoch = Number(/Epoch (\d+)/.exec((await leader.textContent()) ?? "")?.[1]);
  expect(epoch).toBeGreaterThanOrEqual(1);
  await expect(summary).toContainText(`${DEMO_SERVERS} of ${DEMO_SERVERS}`);
  await expect(summary).toContainText("Every enabled server is polled by a node.");
  await expect(summary).toContainText("This node only");
  await expect(page.getByText(/unleased|have no lease/)).toHaveCount(0);
  await expect(page.getByText("No node holds the leader lease")).toHaveCount(0);

  const bars = page.getByRole("list", { name: "Server leases per node" });
  await expect(bars.getByRole("listitem")).toHaveCount(1);
  await expect(bars.getByRole("listitem")).toContainText(name);
  await expect(bars.getByRole("listitem")).toContainText(`${DEMO_SERVERS} servers`);

  const oneNode = page.getByRole("region", { name: "About running several nodes" });
  await expect(oneNode).toContainText("Tandem runs as one node");
  await expect(oneNode).toContainText("TANDEM_WORKERS=N");
  await expect(oneNode).toContainText("Running several nodes");
});

test("a viewer finds Cluster under Settings and sees the node too", async ({ page }) => {
  await signInAs(page, CLUSTER_VIEWER, "VIEWER");
  await openCluster(page);
  await expect(page.getByRole("table", { name: "Nodes" }).getByRole("rowheader")).toContainText("(this node)");
  await expect(page.getByRole("region", { name: "Cluster summary" })).toContainText(/Epoch \d+/);
});
