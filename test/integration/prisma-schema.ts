// A small reader of prisma/schema.prisma: models, fields and enums, enough to
// compare the migrated database with the schema and to fill every column.
import { readFileSync } from "node:fs";
import path from "node:path";

export type SchemaField = {
  name: string;
  type: string;
  list: boolean;
  optional: boolean;
  attrs: string;
  /** Relation field: the model it points to and its local FK fields. */
  relation?: { model: string; fields: string[] };
};
export type SchemaModel = { name: string; fields: SchemaField[]; blockAttrs: string[] };
export type PrismaSchema = { models: Map<string, SchemaModel>; enums: Map<string, string[]> };

export function readPrismaSchema(file = path.resolve(import.meta.dirname, "../../prisma/schema.prisma")): PrismaSchema {
  const text = readFileSync(file, "utf8").replace(/\/\/.*$/gm, "");
  const models = new Map<string, SchemaModel>();
  const enums = new Map<string, string[]>();
  // Blocks end at a line holding only "}" (attributes like @default("{}") contain braces).
  for (const m of text.matchAll(/^enum\s+(\w+)\s*\{([\s\S]*?)^\}/gm)) {
    enums.set(m[1]!, m[2]!.split("\n").map((l) => l.trim()).filter((l) => /^\w+$/.test(l)));
  }
  for (const m of text.matchAll(/^model\s+(\w+)\s*\{([\s\S]*?)^\}/gm)) {
    const fields: SchemaField[] = [];
    const blockAttrs: string[] = [];
    for (const raw of m[2]!.split("\n")) {
      const line = raw.trim();
      if (!line) continue;
      if (line.startsWith("@@")) {
        blockAttrs.push(line);
        continue;
      }
      const f = /^(\w+)\s+(\w+)(\[\])?(\?)?\s*(.*)$/.exec(line);
      if (!f) continue;
      fields.push({ name: f[1]!, type: f[2]!, list: Boolean(f[3]), optional: Boolean(f[4]), attrs: f[5] ?? "" });
    }
    models.set(m[1]!, { name: m[1]!, fields, blockAttrs });
  }
  for (const model of models.values()) {
    for (const f of model.fields) {
      if (!models.has(f.type)) continue;
      const rel = /@relation\([^)]*fields:\s*\[([^\]]*)\]/.exec(f.attrs);
      f.relation = { model: f.type, fields: rel ? rel[1]!.split(",").map((s) => s.trim()) : [] };
    }
  }
  return { models, enums };
}

export const isScalar = (s: PrismaSchema, f: SchemaField) => !s.models.has(f.type);
