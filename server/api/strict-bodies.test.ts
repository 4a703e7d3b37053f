import { describe, expect, it } from "vitest";
import { z } from "zod";
import { buildOpenApi } from "./openapi";
import { endpoints } from "./registry";

type Node = Record<string, unknown>;

const isNode = (v: unknown): v is Node => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Every object in a request body schema, at every depth, with its data path
 * (`body.scope`, `body.members[]`). A record (`z.record`: no properties, a
 * schema for its values) is a map, not an object with fields, and is skipped.
 */
function objectsIn(schema: unknown, path: string, out: { path: string; node: Node }[] = []): { path: string; node: Node }[] {
  if (!isNode(schema)) return out;
  const isRecord = !("properties" in schema) && (isNode(schema.additionalProperties) || "propertyNames" in schema);
  if ((schema.type === "object" || "properties" in schema) && !isRecord) out.push({ path, node: schema });
  if (isNode(schema.properties)) for (const [key, s] of Object.entries(schema.properties)) objectsIn(s, `${path}.${key}`, out);
  if (isNode(schema.additionalProperties)) objectsIn(schema.additionalProperties, `${path}.*`, out);
  if (schema.items !== undefined) objectsIn(schema.items, `${path}[]`, out);
  for (const key of ["anyOf", "oneOf", "allOf", "prefixItems"] as const) {
    const list = schema[key];
    if (Array.isArray(list)) list.forEach((s, i) => objectsIn(s, key === "prefixItems" ? `${path}[${i}]` : `${path}<${key} ${i}>`, out));
  }
  for (const key of ["not", "if", "then", "else"] as const) objectsIn(schema[key], `${path}<${key}>`, out);
  if (isNode(schema.$defs)) for (const [name, s] of Object.entries(schema.$defs)) objectsIn(s, `$defs.${name}`, out);
  return out;
}

describe("request bodies", () => {
  const withBody = endpoints.filter((e) => e.body);
  // The document converts each body with io: "input", which is what API clients read.
  const doc = buildOpenApi(endpoints, "0.0.0") as { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: unknown }> } }>> };

  it("reject unknown fields at every depth: the OpenAPI document says additionalProperties: false on each object", () => {
    expect(withBody.length).toBeGreaterThan(30);
    const loose: string[] = [];
    for (const e of withBody) {
      const schema = doc.paths[e.path]?.[e.method.toLowerCase()]?.requestBody?.content["application/json"]?.schema;
      expect(schema, `${e.method} ${e.path}: no request body in the document`).toBeDefined();
      const objects = objectsIn(schema, "body");
      expect(objects.length, `${e.method} ${e.path}: a body with no object in it`).toBeGreaterThan(0);
      for (const { path, node } of objects) if (node.additionalProperties !== false) loose.push(`${e.method} ${e.path} at ${path}`);
    }
    expect(loose, `bodies that accept unknown fields:\n${loose.join("\n")}`).toEqual([]);
  });

  it("finds a loose object at any depth (the check itself)", () => {
    const schema = z.toJSONSchema(z.strictObject({ a: z.array(z.strictObject({ b: z.object({ c: z.string() }).nullable() })), m: z.record(z.string(), z.number()) }), { io: "input" });
    const loose = objectsIn(schema, "body").filter((o) => o.node.additionalProperties !== false).map((o) => o.path);
    expect(loose).toEqual(["body.a[].b<anyOf 0>"]);
  });
});
