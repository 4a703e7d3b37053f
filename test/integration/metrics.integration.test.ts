// GET /metrics on the demo fleet, watched by the real monitoring service and
// served over real HTTP: the output passes the real `promtool check metrics`,
// and a real Prometheus scrapes it with a bearer token and runs every query of
// the Grafana dashboard on what it scraped.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as metricsRoute } from "../../app/metrics/route";
import { freePort } from "../../server/db/embedded-postgres";
import { startDemoFleet, type DemoFleet } from "./demo-fleet";
import { eventually } from "./failover-pair";
import { serveRoutes, type RouteServer } from "./route-server";
import { seedApiToken } from "./users";

const DASHBOARD = path.resolve(import.meta.dirname, "../../integrations/grafana/tandem-dashboard.json");
const cleanup: (() => Promise<unknown>)[] = [];
let demo: DemoFleet;
let http: RouteServer;
let token: string;

const scrape = (bearer = token) => fetch(`${http.url}/metrics`, { headers: { authorization: `Bearer ${bearer}` } });
const value = (text: string, series: string) => {
  const line = text.split("\n").find((l) => l.startsWith(series + " "));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

beforeAll(async () => {
  for (const tool of ["/usr/bin/promtool", "/usr/bin/prometheus"]) if (!existsSync(tool)) throw new Error(`${tool} is missing: apt-get install -y prometheus`);
  demo = await startDemoFleet(2862, cleanup);
  demo.rt.services.monitoring = demo.monitoring;
  token = await seedApiToken(demo.t.db, "VIEWER");
  http = await serveRoutes({ "GET /metrics": metricsRoute });
  cleanup.push(() => http.close());
  // Every demo server polled at least once.
  await eventually(() => demo.monitoring.snapshot().hosts.every((h) => h.health !== "UNKNOWN"), "every demo server polled", 45_000);
}, 90_000);

afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn().catch(() => undefined);
});

describe("GET /metrics", () => {
  it("refuses a scrape without a valid token", async () => {
    expect((await fetch(`${http.url}/metrics`)).status).toBe(401);
    expect((await scrape("tdm_not-a-token")).status).toBe(401);
  });

  it("serves the Prometheus text format that promtool accepts, with the fleet, groups and Tandem's own health", async () => {
    const res = await scrape();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    const text = await res.text();

    const check = spawnSync("promtool", ["check", "metrics"], { input: text, encoding: "utf8" });
    expect(check.stdout + check.stderr).toBe("");
    expect(check.status).toBe(0);

    const hosts = demo.monitoring.snapshot().hosts;
    expect(value(text, 'tandem_polls_total{process="main"}')).toBeGreaterThanOrEqual(hosts.length);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds\{process="main"\} /m);
    for (const h of hosts) expect(text).toMatch(new RegExp(`^tandem_server_state\\{server="${h.name}",site="${h.site?.name ?? ""}",group="[^"]*",state="${h.state}"\\} 1$`, "m"));
    const inFleet = [...text.matchAll(/^tandem_fleet_servers\{state="\w+"\} (\d+)$/gm)].reduce((n, m) => n + Number(m[1]), 0);
    expect(inFleet).toBe(hosts.length);
    const groups = await demo.t.db.redundancyGroup.findMany({ select: { name: true } });
    expect(groups.length).toBeGreaterThan(0);
    for (const g of groups) expect(text).toMatch(new RegExp(`^tandem_group_redundancy\\{group="${g.name}",mode="\\w+",state="(OK|AT_RISK|BROKEN)"\\} 1$`, "m"));
    expect(value(text, "tandem_metrics_servers_dropped")).toBe(0);
  });

  it("caps the per-server series at TANDEM_METRICS_MAX_SERVERS and says how many it dropped", async () => {
    const all = demo.monitoring.snapshot().hosts.length;
    demo.rt.config.metrics.maxServers = 2;
    try {
      const text = await (await scrape()).text();
      expect(text.match(/^tandem_server_up\{/gm)).toHaveLength(2);
      expect(value(text, "tandem_metrics_servers_dropped")).toBe(all - 2);
      expect(spawnSync("promtool", ["check", "metrics"], { input: text }).status).toBe(0);
    } finally {
      demo.rt.config.metrics.maxServers = 5000;
    }
  });

  it("is scraped by a real Prometheus with the token", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "tandem-prometheus-"));
    cleanup.push(async () => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(path.join(dir, "token"), token);
    writeFileSync(
      path.join(dir, "prometheus.yml"),
      [
        "global: { scrape_interval: 1s, scrape_timeout: 1s }",
        "scrape_configs:",
        "  - job_name: tandem",
        "    authorization: { credentials_file: " + JSON.stringify(path.join(dir, "token")) + " }",
        `    static_configs: [{ targets: ["127.0.0.1:${http.port}"] }]`,
        "",
      ].join("\n"),
    );
    const port = await freePort();
    const prom: ChildProcess = spawn(
      "prometheus",
      [`--config.file=${path.join(dir, "prometheus.yml")}`, `--storage.tsdb.path=${path.join(dir, "data")}`, `--web.listen-address=127.0.0.1:${port}`],
      { stdio: "ignore" },
    );
    cleanup.push(async () => {
      prom.kill("SIGTERM");
      await new Promise((r) => (prom.exitCode !== null ? r(null) : prom.once("exit", r)));
    });
    const query = async (q: string) => {
      const r = await fetch(`http://127.0.0.1:${port}/api/v1/query?query=${encodeURIComponent(q)}`).catch(() => null);
      if (!r?.ok) return null;
      const body = (await r.json()) as { data: { result: { value: [number, string] }[] } };
      return body.data.result[0] ? Number(body.data.result[0].value[1]) : null;
    };
    await eventually(async () => (await query('up{job="tandem"}')) === 1, "Prometheus scraped Tandem", 30_000);
    expect(await query("sum(tandem_fleet_servers)")).toBe(demo.monitoring.snapshot().hosts.length);
    expect(await query("count(tandem_server_up)")).toBe(demo.monitoring.snapshot().hosts.length);

    // Every query of the Grafana dashboard is valid PromQL that Prometheus runs on these series.
    const dashboard = JSON.parse(readFileSync(DASHBOARD, "utf8")) as { panels: { title: string; targets?: { expr: string }[] }[] };
    const exprs = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => ({ panel: p.title, expr: t.expr.replaceAll("$__rate_interval", "1m").replace(/\$(site|server|group)\b/g, ".*") })));
    expect(exprs.length).toBeGreaterThan(20);
    for (const { panel, expr } of exprs) {
      const r = await fetch(`http://127.0.0.1:${port}/api/v1/query?query=${encodeURIComponent(expr)}`);
      expect(r.status, `${panel}: ${expr}`).toBe(200);
      expect(((await r.json()) as { status: string }).status, panel).toBe("success");
    }
    // The panels the fleet is read from have data.
    for (const q of ['max(tandem_fleet_servers{state="UP"})', "topk(20, max by (server) (tandem_server_cpu_percent))", "sum(rate(tandem_polls_total[1m]))"]) {
      await eventually(async () => (await query(q)) !== null, q, 10_000);
    }
  }, 60_000);
});
