// This process's own counters (polls, poll failures, webhook delivery failures)
// and Node's default metrics (event-loop lag, memory, CPU, GC), in one
// prom-client registry per process. It lives on globalThis, as the runtime
// does: the custom server (which polls) and the route handlers Next.js bundles
// (which answer /metrics) load their own copies of this module.
// Every series carries `process`: "main" for the web process, "worker-N" for a
// polling worker forked by TANDEM_WORKERS, so the main process can add its
// workers' series to its own without mixing them (see worker-metrics.ts).
import { Counter, Registry, collectDefaultMetrics, type MetricObjectWithValues, type MetricValue } from "prom-client";
import type { PollOutcome } from "../health/health.types";

export type MetricsJson = MetricObjectWithValues<MetricValue<string>>[];

export type ProcessMetrics = {
  registry: Registry;
  polls: Counter;
  pollFailures: Counter<"reason">;
  deliveryFailures: Counter<"outcome">;
  /** The forked polling workers' registries, as JSON (set by the main process when it forks them). */
  workers?: () => Promise<MetricsJson[]>;
};

const KEY = Symbol.for("tandem.metrics");
type Holder = { [KEY]?: ProcessMetrics };

const POLL_FAILURE_REASONS: Extract<PollOutcome, { ok: false }>["kind"][] = ["connect", "timeout", "host-key", "auth", "pin", "agent", "local"];

function create(processLabel: string): ProcessMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ process: processLabel });
  collectDefaultMetrics({ register: registry });
  // Gauges named like counters, which `promtool check metrics` flags; handle counts say little here anyway.
  for (const name of ["nodejs_active_handles_total", "nodejs_active_requests_total", "nodejs_active_resources_total"]) registry.removeSingleMetric(name);
  const polls = new Counter({ name: "tandem_polls_total", help: "Polls of servers' agents this process made (answered or failed).", registers: [registry] });
  const pollFailures = new Counter({
    name: "tandem_poll_failures_total",
    help: "Polls that failed, by reason: connect, timeout, host-key (changed key), auth, pin (host key could not be recorded), agent (bad output).",
    labelNames: ["reason"],
    registers: [registry],
  });
  // Every reason shows from the start at 0, so rate() has a series before the first failure.
  for (const reason of POLL_FAILURE_REASONS) pollFailures.inc({ reason }, 0);
  const deliveryFailures = new Counter({
    name: "tandem_notification_delivery_failures_total",
    help: "Failed webhook delivery attempts: outcome=retry (another attempt is scheduled) or failed (given up).",
    labelNames: ["outcome"],
    registers: [registry],
  });
  for (const outcome of ["retry", "failed"]) deliveryFailures.inc({ outcome }, 0);
  return { registry, polls, pollFailures, deliveryFailures };
}

/** This process's metrics, created on first use; `processLabel` only counts then (server/index.ts calls it first). */
export function processMetrics(processLabel = "main"): ProcessMetrics {
  const holder = globalThis as Holder;
  return (holder[KEY] ??= create(processLabel));
}

export function countPoll(outcome: PollOutcome): void {
  const m = processMetrics();
  m.polls.inc();
  if (!outcome.ok) m.pollFailures.inc({ reason: outcome.kind });
}

export function countDeliveryFailure(final: boolean): void {
  processMetrics().deliveryFailures.inc({ outcome: final ? "failed" : "retry" });
}
