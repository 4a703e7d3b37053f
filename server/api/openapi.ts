// OpenAPI 3.1 from the endpoint registry's zod schemas (JSON Schema 2020-12).
import { z } from "zod";
import type { AnyEndpoint } from "../http/endpoint";

type JsonSchema = Record<string, unknown>;

function schema(s: z.ZodType, io: "input" | "output"): JsonSchema {
  const out = z.toJSONSchema(s, { io, unrepresentable: "any" }) as JsonSchema;
  delete out.$schema;
  return out;
}

function parameters(e: AnyEndpoint): unknown[] {
  const params: unknown[] = [];
  for (const [where, s] of [["path", e.params], ["query", e.query]] as const) {
    if (!s) continue;
    const js = schema(s, "input") as { properties?: Record<string, JsonSchema>; required?: string[] };
    for (const [name, prop] of Object.entries(js.properties ?? {})) {
      params.push({
        name,
        in: where,
        required: where === "path" || (js.required ?? []).includes(name),
        schema: prop,
        ...(typeof prop.description === "string" ? { description: prop.description } : {}),
      });
    }
  }
  return params;
}

const problem = { description: "Error (RFC 9457 problem details)", content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } } };

export function buildOpenApi(endpoints: AnyEndpoint[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const e of endpoints) {
    const status = String(e.status ?? 200);
    const op: Record<string, unknown> = {
      operationId: `${e.method.toLowerCase()}${e.path.replace(/[^a-zA-Z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ""))}`,
      summary: e.summary,
      tags: [e.tag],
      security: e.access === "public" ? [] : [{ session: [] }, { bearer: [] }],
      "x-tandem-role": e.access,
      parameters: parameters(e),
      responses: {
        [status]: status === "204" ? { description: "No content" } : status === "302" ? { description: "Redirect (Location header)" } : { description: "OK", content: { [e.contentType ?? "application/json"]: { schema: schema(e.response, "output") } } },
        "4XX": problem,
        "5XX": problem,
      },
    };
    if (e.body) op.requestBody = { required: true, content: { "application/json": { schema: schema(e.body, "input") } } };
    (paths[e.path] ??= {})[e.method.toLowerCase()] = op;
  }
  return {
    openapi: "3.1.0",
    info: { title: "Tandem API", version, description: "Redundancy operations. Authenticate with the session cookie (browsers) or `Authorization: Bearer <API token>`." },
    servers: [{ url: "/" }],
    paths,
    components: {
      securitySchemes: {
        session: { type: "apiKey", in: "cookie", name: "tandem_session" },
        bearer: { type: "http", scheme: "bearer" },
      },
      schemas: {
        Problem: {
          type: "object",
          required: ["type", "title", "status", "detail", "code"],
          properties: {
            type: { type: "string" },
            title: { type: "string" },
            status: { type: "integer" },
            detail: { type: "string" },
            code: { type: "string" },
            requestId: { type: "string" },
            errors: { type: "array", items: { type: "object", properties: { path: { type: "string" }, message: { type: "string" } }, required: ["path", "message"] } },
          },
        },
      },
    },
  };
}
