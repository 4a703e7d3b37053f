import { expect, type Page } from "@playwright/test";

export const ADMIN = { name: "Ada Admin", email: "ada@example.test", password: "ada's long password" };
export const VIEWER = { name: "Vic Viewer", email: "vic@example.test", password: "vic's long password" };

export async function signIn(page: Page, who: { email: string; password: string }) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
}

export async function signOut(page: Page) {
  const menu = page.getByRole("button", { name: "Menu" });
  if (await menu.isVisible()) await menu.click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
}

/** A viewer of the alerts spec's own, so it does not depend on another spec having added one. */
export const WATCHER = { name: "Wes Watcher", email: "wes@example.test", password: "wes's long password" };

/**
 * A JSON call to Tandem's API with the page's session, sent from the page
 * (same origin, as the UI sends it). Answers the status and the parsed body.
 */
export async function api<T = unknown>(page: Page, method: string, url: string, body?: unknown): Promise<{ status: number; body: T }> {
  return page.evaluate(
    async ({ method, url, body }) => {
      const r = await fetch(url, {
        method,
        headers: body === undefined ? { accept: "application/json" } : { accept: "application/json", "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await r.text();
      return { status: r.status, body: text ? JSON.parse(text) : null };
    },
    { method, url, body },
  );
}

/** Adds a user as the signed-in admin, unless one with that email exists (409). */
export async function ensureUser(page: Page, who: { name: string; email: string; password: string }, role: "VIEWER" | "OPERATOR" | "ADMIN") {
  const res = await api(page, "POST", "/api/v1/users", { email: who.email, name: who.name, role, password: who.password });
  expect([201, 200, 409]).toContain(res.status);
}

/** Signs in as `who`, added with `role` by the admin first unless they exist. */
export async function signInAs(page: Page, who: { name: string; email: string; password: string }, role: "VIEWER" | "OPERATOR" | "ADMIN") {
  await signIn(page, ADMIN);
  await ensureUser(page, who, role);
  await signOut(page);
  await signIn(page, who);
}
