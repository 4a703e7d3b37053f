import { describe, expect, it } from "vitest";
import type { TAlert } from "../alerts/alerts.types";
import { testAlert } from "./build-payload";
import { buildChannelPayload, payloadShape } from "./build-channel-payload";
import { sampleAlert } from "./sample-alert";
import { pagerDutyDedupKey } from "./build-pagerduty-payload";
import type { TEmailMessage } from "./build-email-message";

const now = new Date("2026-11-26T14:00:00.000Z");
const url = "https://tandem.example/alerts/0194a3c0-0000-7000-8000-000000000001";
const alert: TAlert = { ...sampleAlert(now), details: { message: "no answer to SSH for 30 s" } };
const build = (kind: "PAGERDUTY" | "TEAMS" | "EMAIL", event: Parameters<typeof buildChannelPayload>[2], a: TAlert = alert, alertUrl: string | null = url) =>
  buildChannelPayload(kind, "json", event, a, { now, alertUrl });

describe("PagerDuty events", () => {
  it("triggers with Tandem's dedup key and the documented payload fields", () => {
    expect(build("PAGERDUTY", "fired")).toEqual({
      event_action: "trigger",
      dedup_key: "host-state:db-fra1-01",
      links: [{ href: url, text: "Open in Tandem" }],
      client: "Tandem",
      client_url: url,
      payload: {
        summary: "[CRITICAL] db-fra1-01 is DOWN",
        source: "db-fra1-01",
        severity: "critical",
        timestamp: "2026-11-26T14:00:00.000Z",
        component: "db-fra1-01",
        group: "pg-fra1",
        class: "host-state",
        custom_details: expect.objectContaining({ event: "fired", alertId: alert.id, message: "no answer to SSH for 30 s", Server: "db-fra1-01", Seen: "3 times" }),
      },
    });
  });

  it("acknowledges and resolves by the same key, without a payload; never carries the routing key", () => {
    const ack = build("PAGERDUTY", "acknowledged");
    const resolve = build("PAGERDUTY", "resolved");
    expect(ack).toEqual({ event_action: "acknowledge", dedup_key: "host-state:db-fra1-01", links: [{ href: url, text: "Open in Tandem" }], client: "Tandem", client_url: url });
    expect(resolve).toMatchObject({ event_action: "resolve", dedup_key: "host-state:db-fra1-01" });
    expect(resolve).not.toHaveProperty("payload");
    for (const p of [ack, resolve, build("PAGERDUTY", "fired")]) expect(p).not.toHaveProperty("routing_key");
  });

  it("maps severities, re-triggers on escalation and repeats, and has no links without a public URL", () => {
    const sev = (severity: TAlert["severity"]) => (build("PAGERDUTY", "fired", { ...alert, severity }) as { payload: { severity: string } }).payload.severity;
    expect([sev("CRITICAL"), sev("WARNING"), sev("INFO")]).toEqual(["critical", "warning", "info"]);
    expect(build("PAGERDUTY", "escalated")).toMatchObject({ event_action: "trigger", payload: { summary: "ESCALATED [CRITICAL] db-fra1-01 is DOWN" } });
    expect(build("PAGERDUTY", "repeated")).toMatchObject({ event_action: "trigger" });
    const bare = build("PAGERDUTY", "fired", { ...alert, server: null, group: null }, null) as { payload: Record<string, unknown> };
    expect(bare).not.toHaveProperty("links");
    expect(bare.payload.source).toBe("tandem");
    expect(bare.payload).not.toHaveProperty("component");
  });

  it("keeps dedup keys within PagerDuty's 255 characters, stably; a test gets a key of its own", () => {
    const long = { ...alert, dedupKey: "x".repeat(300) };
    expect(pagerDutyDedupKey(long)).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(pagerDutyDedupKey(long)).toBe(pagerDutyDedupKey(long));
    const t = testAlert(now);
    expect(pagerDutyDedupKey(t)).toBe(`tandem-test:${t.id}`);
  });
});

describe("Teams message", () => {
  it("is a message with one Adaptive Card 1.4: headline, facts, and a button to the alert", () => {
    const m = build("TEAMS", "fired") as { type: string; attachments: { contentType: string; content: Record<string, any> }[] }; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(m.type).toBe("message");
    expect(m.attachments).toHaveLength(1);
    const { contentType, content } = m.attachments[0]!;
    expect(contentType).toBe("application/vnd.microsoft.card.adaptive");
    expect(content).toMatchObject({ type: "AdaptiveCard", version: "1.4", $schema: "http://adaptivecards.io/schemas/adaptive-card.json" });
    expect(content.body[0]).toMatchObject({ type: "TextBlock", text: "[CRITICAL] db-fra1-01 is DOWN", weight: "Bolder", color: "Attention" });
    expect(content.body[1]).toMatchObject({ type: "TextBlock", text: "no answer to SSH for 30 s" });
    const facts = content.body.find((b: { type: string }) => b.type === "FactSet").facts;
    expect(facts).toEqual(expect.arrayContaining([{ title: "Severity", value: "CRITICAL" }, { title: "Server", value: "db-fra1-01" }, { title: "Group", value: "pg-fra1" }, { title: "Seen", value: "3 times" }]));
    expect(content.actions).toEqual([{ type: "Action.OpenUrl", title: "Open in Tandem", url }]);
  });

  it("turns green when resolved, and has no button without a public URL", () => {
    const c = (build("TEAMS", "resolved", alert, null) as { attachments: { content: Record<string, any> }[] }).attachments[0]!.content; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(c.body[0]).toMatchObject({ text: "RESOLVED [CRITICAL] db-fra1-01 is DOWN", color: "Good" });
    expect(c).not.toHaveProperty("actions");
  });
});

describe("email message", () => {
  it("has a one-line subject, a plain-text and an HTML body with the facts and the link", () => {
    const m = build("EMAIL", "fired") as TEmailMessage;
    expect(m.subject).toBe("[Tandem] [CRITICAL] db-fra1-01 is DOWN");
    expect(m.text).toContain("[CRITICAL] db-fra1-01 is DOWN\n\nno answer to SSH for 30 s\n\nSeverity: CRITICAL\nServer: db-fra1-01\nGroup: pg-fra1");
    expect(m.text).toContain(`Open in Tandem: ${url}`);
    expect(m.html).toContain("<th");
    expect(m.html).toContain(`<a href="${url}">Open in Tandem</a>`);
    expect(m.messageId).toBe(`<tandem-alert-${alert.id}@tandem>`);
  });

  it("threads later events under the fire, and says RESOLVED", () => {
    const m = build("EMAIL", "resolved") as TEmailMessage;
    expect(m.subject).toBe("[Tandem] RESOLVED [CRITICAL] db-fra1-01 is DOWN");
    expect(m.references).toBe(`<tandem-alert-${alert.id}@tandem>`);
    expect(m.messageId).toBeUndefined();
  });

  it("escapes HTML and keeps a title with newlines on one subject line", () => {
    const m = build("EMAIL", "fired", { ...alert, title: 'evil <script>x</script>\r\nBcc: a@b.c "q"' }) as TEmailMessage;
    expect(m.subject).toBe('[Tandem] [CRITICAL] evil <script>x</script> Bcc: a@b.c "q"');
    expect(m.html).not.toContain("<script>");
    expect(m.html).toContain("evil &lt;script&gt;x&lt;/script&gt;");
  });
});

describe("payload shapes", () => {
  it("one per kind, and per format for webhooks", () => {
    expect(payloadShape("WEBHOOK", "slack")).toBe("WEBHOOK:slack");
    expect(payloadShape("WEBHOOK", "json")).toBe("WEBHOOK:json");
    expect(payloadShape("TEAMS", "json")).toBe("TEAMS");
    expect(payloadShape("PAGERDUTY", "slack")).toBe("PAGERDUTY");
  });
});
