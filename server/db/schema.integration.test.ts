// Proves the SQL migrations and prisma/schema.prisma describe the same database:
// every enum, table, column (type and nullability) and index the schema names
// exists after migrating, nothing extra exists, and every model can be written
// with every field set and read back unchanged through the generated client.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/integration/database";
import { maintainPartitions } from "../history/partitions";
import { isScalar, readPrismaSchema, type SchemaField, type SchemaModel } from "../../test/integration/prisma-schema";

const schema = readPrismaSchema();
let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
  // History tables are partitioned; rows need partitions to land in.
  await maintainPartitions(t.db, new Date("2026-03-29T01:30:00Z"));
});
afterAll(async () => {
  await t?.drop();
});

function expectedSqlType(f: SchemaField): { data_type: string; udt_name?: string } {
  if (f.list) return { data_type: "ARRAY" };
  if (schema.enums.has(f.type)) return { data_type: "USER-DEFINED", udt_name: f.type };
  if (f.type === "String") return { data_type: f.attrs.includes("@db.Uuid") ? "uuid" : "text" };
  if (f.type === "Float" && f.attrs.includes("@db.Real")) return { data_type: "real" };
  if (f.type === "DateTime") return { data_type: f.attrs.includes("@db.Timestamptz") ? "timestamp with time zone" : "timestamp without time zone" };
  const map: Record<string, string> = { Int: "integer", BigInt: "bigint", Float: "double precision", Boolean: "boolean", Json: "jsonb", Bytes: "bytea" };
  return { data_type: map[f.type] ?? `unknown:${f.type}` };
}

describe("migrated database matches prisma/schema.prisma", () => {
  it("has every enum with the same values in the same order", async () => {
    for (const [name, values] of schema.enums) {
      const rows = await t.db.$queryRaw<{ v: string }[]>`
        SELECT e.enumlabel AS v FROM pg_type ty JOIN pg_enum e ON e.enumtypid = ty.oid WHERE ty.typname = ${name} ORDER BY e.enumsortorder`;
      expect(rows.map((r) => r.v), `enum ${name}`).toEqual(values);
    }
  });

  it("has exactly the schema's tables and columns, with matching types and nullability", async () => {
    const tables = await t.db.$queryRaw<{ table_name: string }[]>`
      SELECT c.relname AS table_name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
       WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relname <> '_prisma_migrations'`;
    expect(tables.map((r) => r.table_name).sort()).toEqual([...schema.models.keys()].sort());

    for (const model of schema.models.values()) {
      const cols = await t.db.$queryRaw<{ column_name: string; data_type: string; udt_name: string; is_nullable: string }[]>`
        SELECT column_name, data_type, udt_name, is_nullable FROM information_schema.columns WHERE table_schema = 'public' AND table_name = ${model.name}`;
      const scalars = model.fields.filter((f) => isScalar(schema, f));
      expect(cols.map((c) => c.column_name).sort(), `columns of ${model.name}`).toEqual(scalars.map((f) => f.name).sort());
      for (const f of scalars) {
        const col = cols.find((c) => c.column_name === f.name)!;
        const want = expectedSqlType(f);
        expect(col.data_type, `${model.name}.${f.name} type`).toBe(want.data_type);
        if (want.udt_name) expect(col.udt_name, `${model.name}.${f.name} enum`).toBe(want.udt_name);
        // Prisma leaves list columns nullable in SQL even when required in the schema.
        if (!f.list) expect(col.is_nullable, `${model.name}.${f.name} nullability`).toBe(f.optional ? "YES" : "NO");
      }
    }
  });

  it("has the unique constraints and indexes the schema declares", async () => {
    const indexes = await t.db.$queryRaw<{ table: string; unique: boolean; cols: string[] }[]>`
      SELECT c.relname AS table, i.indisunique AS unique,
             array_agg(a.attname ORDER BY k.ord)::text[] AS cols
        FROM pg_index i
        JOIN pg_class c ON c.oid = i.indrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
        CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
       GROUP BY c.relname, i.indexrelid, i.indisunique`;
    const has = (table: string, cols: string[], unique: boolean) =>
      indexes.some((ix) => ix.table === table && ix.unique === unique && ix.cols.join(",") === cols.join(","));
    for (const model of schema.models.values()) {
      for (const f of model.fields) {
        if (/@id\b/.test(f.attrs) || /@unique\b/.test(f.attrs)) expect(has(model.name, [f.name], true), `${model.name}.${f.name} unique`).toBe(true);
      }
      for (const attr of model.blockAttrs) {
        const m = /^@@(unique|index|id)\(\[([^\]]+)\]/.exec(attr);
        if (!m) continue;
        const cols = m[2]!.split(",").map((s) => s.trim());
        expect(has(model.name, cols, m[1] !== "index"), `${model.name} ${attr}`).toBe(true);
      }
    }
  });
});

// ---- every model written with every field, then read back

const delegate = (model: string) => (t.db as unknown as Record<string, { create(a: unknown): Promise<Record<string, unknown>>; findUniqueOrThrow(a: unknown): Promise<Record<string, unknown>> }>)[model[0]!.toLowerCase() + model.slice(1)]!;

function valueFor(model: SchemaModel, f: SchemaField): unknown {
  const tag = `${model.name}.${f.name}.${randomUUID().slice(0, 8)}`;
  if (f.list) return f.type === "String" ? ["a", tag] : [];
  const values = schema.enums.get(f.type);
  if (values) return values[values.length - 1];
  switch (f.type) {
    case "String":
      return f.attrs.includes("@db.Uuid") ? randomUUID() : tag;
    case "Int":
      return 7;
    case "BigInt":
      return 42n;
    case "Float":
      return 2.5; // exact in both real and double precision
    case "Boolean":
      return !/@default\(true\)/.test(f.attrs);
    case "DateTime":
      return new Date("2026-03-29T01:30:00.123Z");
    case "Json":
      return { nested: [1, "two", { three: true }] };
    case "Bytes":
      return new Uint8Array([0, 1, 2, 254, 255]);
  }
  throw new Error(`no test value for ${model.name}.${f.name}: ${f.type}`);
}

async function createRow(modelName: string, depth = 0): Promise<Record<string, unknown>> {
  const model = schema.models.get(modelName)!;
  const fkFields = new Set(model.fields.flatMap((f) => f.relation?.fields ?? []));
  const data: Record<string, unknown> = {};
  for (const f of model.fields) {
    if (f.relation) {
      if (f.relation.fields.length === 0) continue; // the other side of a relation
      if (f.relation.model === modelName && depth > 0) continue; // a self-relation (Alert.parent): one level is enough
      const parent = await createRow(f.relation.model, depth + 1);
      data[f.relation.fields[0]!] = parent.id;
      continue;
    }
    if (fkFields.has(f.name) || /@updatedAt/.test(f.attrs) || /@default\((uuid|autoincrement)/.test(f.attrs)) continue;
    data[f.name] = valueFor(model, f);
  }
  const row = await delegate(modelName).create({ data });
  return { ...row, __data: data };
}

describe("every model round-trips through the generated client", () => {
  for (const modelName of schema.models.keys()) {
    it(`writes and reads back ${modelName}`, async () => {
      const created = await createRow(modelName);
      const data = created.__data as Record<string, unknown>;
      const model = schema.models.get(modelName)!;
      const compositeId = model.blockAttrs.map((a) => /^@@id\(\[([^\]]+)\]/.exec(a)).find(Boolean);
      const where = compositeId
        ? { [compositeId[1]!.split(",").map((s) => s.trim()).join("_")]: Object.fromEntries(compositeId[1]!.split(",").map((s) => [s.trim(), created[s.trim()]])) }
        : (() => {
            // A single-field primary key that is not called id (ServerLease: serverId).
            const key = model.fields.find((f) => /(^|\s)@id(\s|$)/.test(f.attrs))?.name ?? "id";
            return { [key]: created[key] };
          })();
      const back = await delegate(modelName).findUniqueOrThrow({ where });
      for (const [k, v] of Object.entries(data)) {
        if (v instanceof Uint8Array) expect(Buffer.from(back[k] as Uint8Array).equals(Buffer.from(v)), `${modelName}.${k}`).toBe(true);
        else expect(back[k], `${modelName}.${k}`).toEqual(v);
      }
      expect(back).toBeDefined();
    });
  }
});
