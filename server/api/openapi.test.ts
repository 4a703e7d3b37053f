import { describe, expect, it } from "vitest";
import { buildOpenApi } from "./openapi";
import { endpoints } from "./registry";

describe("OpenAPI document", () => {
  const doc = buildOpenApi(endpoints, "1.2.3") as { openapi: string; paths: Record<string, Record<string, { requestBody?: { content: { "application/json": { schema: { properties: Record<string, unknown>; required?: string[] } } } }; parameters: { name: string; in: string }[]; security: unknown[]; "x-tandem-role": string }>> };

  it("lists every endpoint with its method and role", () => {
    expect(doc.openapi).toBe("3.1.0");
    for (const e of endpoints) {
      const op = doc.paths[e.path]?.[e.method.toLowerCase()];
      expect(op, `${e.method} ${e.path}`).toBeDefined();
      expect(op!["x-tandem-role"]).toBe(e.access);
      expect(op!.security.length === 0).toBe(e.access === "public");
    }
  });

  it("describes bodies, path and query parameters from the same zod schemas", () => {
    const createUser = doc.paths["/api/v1/users"]!.post!;
    const schema = createUser.requestBody!.content["application/json"].schema;
    expect(Object.keys(schema.properties).sort()).toEqual(["email", "name", "password", "role"]);
    expect(schema.required?.sort()).toEqual(["email", "name", "password", "role"]);
    expect(doc.paths["/api/v1/users/{id}"]!.patch!.parameters).toContainEqual(expect.objectContaining({ name: "id", in: "path" }));
    expect(doc.paths["/api/v1/audit-events"]!.get!.parameters.map((p) => p.name)).toEqual(expect.arrayContaining(["actor", "action", "from", "to", "limit", "before"]));
  });

  it("describes a text endpoint with its own media type", () => {
    const metrics = (doc.paths["/metrics"]!.get as unknown as { responses: Record<string, { content: Record<string, unknown> }> }).responses["200"]!;
    expect(Object.keys(metrics.content)).toEqual(["text/plain; version=0.0.4; charset=utf-8"]);
  });
});
