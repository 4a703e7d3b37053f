import { describe, expect, it } from "vitest";
import { createBody, updateBody } from "./channel-body";
import type { TChannel } from "./types";

const common = { name: "ops", enabled: true, minSeverity: "WARNING" as const, scope: {}, repeatIntervalMinutes: 15 };
const form = (fields: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
};
const emailChannel = {
  id: "0194a3c0-0000-7000-8000-000000000001",
  kind: "EMAIL",
  email: { host: "smtp.example.com", port: 587, tlsMode: "starttls", rejectUnauthorized: true, hasCa: false, username: "tandem", hasPassword: true, from: "a@example.com", to: ["b@example.com"] },
} as TChannel;

describe("channel form bodies", () => {
  it("sends only the chosen kind's fields", () => {
    const f = form({ url: "https://x.example/hook", routingKey: "KEYKEYKEYKEYKEYKEYKEYKEY", format: "slack", signingSecret: "" });
    expect(createBody("PAGERDUTY", common, f)).toEqual({ kind: "PAGERDUTY", ...common, routingKey: "KEYKEYKEYKEYKEYKEYKEYKEY", url: "https://x.example/hook" });
    expect(createBody("TEAMS", common, f)).toEqual({ kind: "TEAMS", ...common, url: "https://x.example/hook" });
    expect(createBody("WEBHOOK", common, f)).toEqual({ kind: "WEBHOOK", ...common, url: "https://x.example/hook", format: "slack" });
  });

  it("email: splits recipients, leaves a blank port and password out, reads the checkbox", () => {
    const f = form({ host: "smtp.example.com", port: "", tlsMode: "implicit", from: "Tandem <t@example.com>", to: "a@example.com, b@example.com\nc@example.com", username: "", password: "" });
    expect(createBody("EMAIL", common, f)).toEqual({ kind: "EMAIL", ...common, host: "smtp.example.com", tlsMode: "implicit", rejectUnauthorized: false, from: "Tandem <t@example.com>", to: ["a@example.com", "b@example.com", "c@example.com"] });
  });

  it("on edit, a cleared username removes auth and a blank password keeps the stored one", () => {
    const cleared = updateBody(emailChannel, common, form({ host: "smtp.example.com", tlsMode: "starttls", rejectUnauthorized: "on", from: "a@example.com", to: "b@example.com", username: "", password: "" }));
    expect(cleared).toMatchObject({ kind: "EMAIL", username: null, rejectUnauthorized: true });
    expect(cleared).not.toHaveProperty("password");
    const kept = updateBody(emailChannel, common, form({ host: "smtp.example.com", from: "a@example.com", to: "b@example.com", username: "tandem", password: "" }));
    expect(kept).toMatchObject({ username: "tandem" });
    expect(kept).not.toHaveProperty("password");
  });
});
