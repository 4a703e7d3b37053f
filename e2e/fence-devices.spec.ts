// Settings → Inventory: an admin adds a libvirt fence device with a secret and a
// target from the form and sees the secret only as "set"; then adds a COMMAND
// load balancer. The servers they use are this spec's own.
import { expect, test, type Page } from "@playwright/test";
import { ADMIN, api, signIn } from "./fixtures";

const SECRET = "virsh-secret-e2e-never-shown";
const run = Date.now().toString(36);

async function addServer(page: Page, name: string): Promise<string> {
  const r = await api<{ id: string }>(page, "POST", "/api/v1/servers", { name, address: "127.0.0.1", enabled: false });
  expect(r.status).toBe(201);
  return r.body.id;
}

test("an admin adds a libvirt fence device with a secret and a target, and a COMMAND load balancer", async ({ page }) => {
  // Two forms filled field by field: about 13 s here, past 30 on a loaded machine while still progressing.
  test.setTimeout(60_000);
  await signIn(page, ADMIN);
  const hv = `hv-e2e-${run}`;
  const guest = `guest-e2e-${run}`;
  const lbHost = `lbhost-e2e-${run}`;
  await addServer(page, hv);
  await addServer(page, guest);
  await addServer(page, lbHost);

  await page.goto("/settings/inventory");
  await page.getByRole("link", { name: "Fence devices" }).click();
  await expect(page).toHaveURL(/\/settings\/inventory\/fence-devices$/);

  const form = page.getByRole("form", { name: "Add a fence device" });
  await form.getByLabel("Name", { exact: true }).fill(`kvm-${run}`);
  await form.getByLabel("Template").selectOption("LIBVIRT");
  await expect(form.getByLabel("Power-off command")).toHaveValue('virsh destroy "$TANDEM_PLUG"');
  await expect(form.getByLabel("Off pattern")).toHaveValue("^shut off$");
  await form.getByLabel("Fencing server").selectOption({ label: hv });

  await form.getByRole("button", { name: "Add a secret" }).click();
  await form.getByLabel("Secret name").fill("VIRSH_PASSWORD");
  await form.getByLabel("Value of secret VIRSH_PASSWORD").fill(SECRET);

  await form.getByRole("checkbox", { name: guest }).check();
  await form.getByLabel(`Plug for ${guest}`).fill(`${guest}-domain`);
  // The fencing server cannot be its own target.
  await expect(form.getByRole("checkbox", { name: hv })).toBeDisabled();

  await form.getByRole("button", { name: "Add fence device" }).click();
  await expect(page.getByRole("status")).toHaveText(`Added fence device kvm-${run}.`);

  const row = page.getByRole("row").filter({ hasText: `kvm-${run}` });
  await expect(row).toContainText("libvirt");
  await expect(row).toContainText(hv);
  await expect(row).toContainText(`${guest} (${guest}-domain)`);
  await expect(row.getByText("VIRSH_PASSWORD set")).toBeVisible();
  await expect(page.locator("body")).not.toContainText(SECRET);
  for (const input of await page.locator("input").all()) expect(await input.inputValue()).not.toBe(SECRET);

  // Editing shows the secret as set, with replace and remove, never its value.
  await row.getByRole("button", { name: "Edit" }).click();
  const edit = page.getByRole("form", { name: `Edit fence device kvm-${run}` });
  await expect(edit.getByRole("button", { name: "Replace VIRSH_PASSWORD" })).toBeVisible();
  await expect(edit.getByRole("button", { name: "Remove VIRSH_PASSWORD" })).toBeVisible();
  await edit.getByRole("button", { name: "Cancel" }).click();

  const listed = await api<{ fenceDevices: { name: string; secretNames: string[] }[] }>(page, "GET", "/api/v1/fence-devices");
  expect(JSON.stringify(listed.body)).not.toContain(SECRET);
  expect(listed.body.fenceDevices.find((d) => d.name === `kvm-${run}`)?.secretNames).toEqual(["VIRSH_PASSWORD"]);

  await page.getByRole("link", { name: "Load balancers" }).click();
  await expect(page).toHaveURL(/\/settings\/inventory\/load-balancers$/);
  const lbForm = page.getByRole("form", { name: "Add a load balancer" });
  await lbForm.getByLabel("Name", { exact: true }).fill(`lb-${run}`);
  await lbForm.getByLabel("Kind").selectOption("COMMAND");
  await expect(lbForm.getByLabel("Runtime API address")).toHaveCount(0);
  await lbForm.getByLabel("Backend").fill("web-e2e");
  await lbForm.getByLabel("Host").selectOption({ label: lbHost });
  for (const c of ["Enable", "Disable", "Drain", "State"]) await lbForm.getByLabel(`${c} command`).fill(`/usr/local/bin/lbctl ${c.toLowerCase()}`);
  await lbForm.getByRole("button", { name: "Add load balancer" }).click();
  await expect(page.getByRole("status")).toHaveText(`Added load balancer lb-${run}.`);
  const lbRow = page.getByRole("row").filter({ hasText: `lb-${run}` });
  await expect(lbRow).toContainText("Commands over SSH");
  await expect(lbRow).toContainText(lbHost);
  await expect(lbRow).toContainText("web-e2e");
});
