import { z } from "zod";
import { defineEndpoint } from "../http/endpoint";
import { METRICS_CONTENT_TYPE, scrapeMetrics } from "./scrape-metrics";

export const metricsEndpoint = defineEndpoint({
  method: "GET",
  path: "/metrics",
  summary: "Prometheus metrics: Tandem's own health, the fleet's gauges per server, redundancy per group (scrape with an API token)",
  tag: "metrics",
  access: "VIEWER",
  contentType: METRICS_CONTENT_TYPE,
  response: z.string().describe("Prometheus text exposition format 0.0.4"),
  handler: ({ rt }) => scrapeMetrics(rt),
});
