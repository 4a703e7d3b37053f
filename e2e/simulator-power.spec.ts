// Powering a simulated host off as a fence device would, and back on from the
// Simulator page: the card says who powered it off, Tandem sees it go down, and
// the Power on button boots it so Tandem sees it up again.
import { expect, test, type Page } from "@playwright/test";
import { connectSim, execSim } from "../agents/sim/sim-client";
import { DEFAULT_SIM_PASSWORD, DEFAULT_SIM_USERNAME } from "../agents/sim/sim-fleet";
import type { TSimulatorState } from "../server/simulator/simulator.types";
import { ADMIN, api, signIn } from "./fixtures";

// A web pool member nobody else's spec breaks; its pool fails over only by hand.
const VICTIM = "web-lon1-3";

async function simulatorCard(page: Page) {
  await page.goto("/simulator");
  await expect(page.getByRole("heading", { name: "Simulator", level: 1 })).toBeVisible();
  const card = page.getByRole("region", { name: VICTIM });
  await expect(card).toBeVisible();
  return card;
}

test("a host powered off through the API shows who did it, and Power on brings it back", async ({ page }) => {
  test.setTimeout(300_000);
  await signIn(page, ADMIN);

  let card = await simulatorCard(page);
  // Wait until Tandem polls it as up, so "down" below is news.
  await expect(card.locator(".state-badge")).toHaveAttribute("data-state", "UP", { timeout: 120_000 });
  await expect(card.getByTestId("powered-off")).toHaveCount(0);

  const off = await api(page, "POST", "/api/v1/simulator/power", { host: VICTIM, power: "off" });
  expect(off.status).toBe(200);
  const refused = await api<{ errors?: { path: string }[] }>(page, "POST", "/api/v1/simulator/power", { host: VICTIM, power: "reboot" });
  expect(refused.status).toBe(400);

  card = await simulatorCard(page);
  await expect(card).toHaveAttribute("data-power", "off");
  await expect(card.getByTestId("powered-off")).toContainText(`Powered off by ${ADMIN.email}`);
  await expect(card.locator(".state-badge")).toHaveAttribute("data-state", "DOWN", { timeout: 60_000 });

  await card.getByTestId("power-on").click();
  await expect(card.getByRole("status")).toContainText("Powered on");
  await expect(card.getByTestId("powered-off")).toHaveCount(0);
  await expect(card).toHaveAttribute("data-power", "on");
  await expect(card.locator(".state-badge")).toHaveAttribute("data-state", "UP", { timeout: 120_000 });

  // Its load balancer's card lists backends once the balancer was asked about them; the lb host itself is listed.
  await expect(page.getByRole("region", { name: "lb-lon1-1" }).getByText("Backends")).toBeVisible();
});

test("a host its site's hypervisor powered off says it was fenced, and Power on brings it back", async ({ page }) => {
  await signIn(page, ADMIN);
  const state = await api<TSimulatorState>(page, "GET", "/api/v1/simulator");
  const hv = state.body.hosts.find((h) => h.name === "hv-lon1")!;
  expect(hv).toMatchObject({ role: "hypervisor", site: "lon1", power: "on" });

  // Over SSH on the hypervisor, as a fence device's command with secrets arrives: a script on `sh -s`.
  const ssh = await connectSim({ address: hv.address, port: hv.port, username: DEFAULT_SIM_USERNAME, password: DEFAULT_SIM_PASSWORD });
  try {
    const script = `export TANDEM_PLUG='${VICTIM}'\nexport VIRSH_PASSWORD='it'\\''s secret'\ntandem-sim power off\n`;
    expect(await execSim(ssh, "sh -s", { stdin: script })).toMatchObject({ code: 0, stdout: `Domain '${VICTIM}' destroyed\n` });
  } finally {
    ssh.end();
  }

  const card = await simulatorCard(page);
  await expect(card).toHaveAttribute("data-power", "off");
  await expect(card.getByTestId("powered-off")).toContainText("Powered off by hv-lon1 (fence)");
  await card.getByTestId("power-on").click();
  await expect(card.getByTestId("powered-off")).toHaveCount(0);
  await expect(card).toHaveAttribute("data-power", "on");
});
