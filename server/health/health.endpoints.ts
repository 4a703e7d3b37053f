import { z } from "zod";
import { defineEndpoint } from "../http/endpoint";
import { checkHealth } from "./check-health";

const ZHealth = z.object({
  status: z.enum(["ok", "unavailable"]),
  live: z.literal(true),
  ready: z.boolean(),
  version: z.string(),
  uptimeSeconds: z.number(),
  checks: z.object({
    database: z.object({ ok: z.boolean(), latencyMs: z.number().nullable(), error: z.string().optional() }),
    migrations: z.object({ ok: z.boolean(), applied: z.number(), expected: z.number() }),
  }),
});

export const healthEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/health",
  summary: "Liveness and readiness (200 when ready, 503 when not); no session needed",
  tag: "health",
  access: "public",
  response: ZHealth,
  async handler({ rt }) {
    const h = await checkHealth(rt);
    return Response.json(h, { status: h.ready ? 200 : 503, headers: { "cache-control": "no-store" } });
  },
});
