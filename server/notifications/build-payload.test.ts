import { describe, expect, it } from "vitest";
import type { TAlert } from "../alerts/alerts.types";
import { buildPayload, slackHeadline, testAlert } from "./build-payload";
import { sampleAlert } from "./sample-alert";

const now = new Date("2026-11-26T14:00:00.000Z");
const alert: TAlert = sampleAlert(now);

describe("json payload", () => {
  it("is the alert DTO with the event, the time and a version, as plain JSON", () => {
    const p = buildPayload("json", "fired", alert, { now, alertUrl: "https://tandem.example/alerts/x" });
    expect(p).toEqual({ version: 1, event: "fired", sentAt: now.toISOString(), alert, url: "https://tandem.example/alerts/x" });
    expect(JSON.parse(JSON.stringify(p))).toEqual(p);
    expect((p as { alert: TAlert }).alert).not.toBe(alert);
  });

  it("has url null without a public URL", () => {
    expect(buildPayload("json", "resolved", alert, { now }).url).toBeNull();
  });
});

describe("slack payload", () => {
  it("fires with the severity's emoji and colour, and the facts as fields", () => {
    const p = buildPayload("slack", "fired", alert, { now }) as { text: string; attachments: { color: string; title: string; fields: { title: string; value: string }[]; ts: number }[] };
    expect(p.text).toBe(":rotating_light: [CRITICAL] db-fra1-01 is DOWN");
    expect(p.attachments).toHaveLength(1);
    const a = p.attachments[0]!;
    expect(a.color).toBe("#d92d20");
    expect(a.title).toBe("db-fra1-01 is DOWN");
    expect(a.ts).toBe(Math.floor(now.getTime() / 1000));
    expect(a.fields).toEqual(
      expect.arrayContaining([
        { title: "Server", value: "db-fra1-01", short: true },
        { title: "Group", value: "pg-fra1", short: true },
        { title: "Source", value: "host-state", short: true },
        { title: "Seen", value: "3 times", short: true },
      ]),
    );
  });

  it("colours by severity, and green when resolved", () => {
    const colour = (severity: TAlert["severity"], event: "fired" | "resolved") =>
      (buildPayload("slack", event, { ...alert, severity }, { now }) as { attachments: { color: string }[] }).attachments[0]!.color;
    expect(colour("WARNING", "fired")).toBe("#f79009");
    expect(colour("INFO", "fired")).toBe("#2e90fa");
    expect(colour("CRITICAL", "resolved")).toBe("#12b76a");
  });

  it("says what happened in the headline", () => {
    expect(slackHeadline("resolved", alert)).toBe(":white_check_mark: RESOLVED [CRITICAL] db-fra1-01 is DOWN");
    expect(slackHeadline("fired", { ...alert, severity: "WARNING" })).toBe(":warning: [WARNING] db-fra1-01 is DOWN");
    expect(slackHeadline("acknowledged", alert)).toBe(":eyes: ACKNOWLEDGED [CRITICAL] db-fra1-01 is DOWN");
    expect(slackHeadline("test", testAlert(now))).toBe(":test_tube: TEST [INFO] Test notification from Tandem");
  });

  it("escapes Slack markup in host-provided text, so a title cannot ping a channel", () => {
    expect(slackHeadline("fired", { ...alert, title: "<!channel> & <@U1>" })).toBe(":rotating_light: [CRITICAL] &lt;!channel&gt; &amp; &lt;@U1&gt;");
  });
});
