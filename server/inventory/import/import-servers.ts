// Imports an Ansible inventory: parse, plan against the current servers, and
// (unless a dry run) apply the plan in one transaction with one audit event.
// The plan is recomputed inside that transaction, so what is applied is what
// the data says at that moment, not what an earlier preview saw.
import type { Db, Tx } from "../../db/client";
import { AppError } from "../../errors/app-error";
import type { Actor } from "../../auth/principal";
import { recordAuditEvent } from "../../audit/record-audit-event";
import { isForeignKeyViolation, isUniqueViolation } from "../db-errors";
import type { ParsedInventory } from "./ansible-inventory";
import { InventoryParseError } from "./inventory-parse-error";
import { parseAnsibleIni } from "./parse-ansible-ini";
import { parseAnsibleYaml } from "./parse-ansible-yaml";
import { planImport, type PlannedHost } from "./plan-import";
import type { TImportRequest, TImportResult } from "./import.types";

const AUDIT_NAMES_MAX = 100;
const CREATE_SLICE = 250;

function parse(input: TImportRequest): ParsedInventory {
  try {
    return input.format === "ini" ? parseAnsibleIni(input.content) : parseAnsibleYaml(input.content);
  } catch (e) {
    if (e instanceof InventoryParseError) {
      throw new AppError("VALIDATION", `The ${input.format.toUpperCase()} inventory cannot be read: ${e.message}`, { fields: [{ path: "body.content", message: e.message }], cause: e });
    }
    throw e;
  }
}

async function plan(tx: Tx, input: TImportRequest, parsed: ParsedInventory): Promise<{ hosts: PlannedHost[]; credential: { id: string; name: string } | null }> {
  const credential = input.credentialId ? await tx.credential.findUnique({ where: { id: input.credentialId }, select: { id: true, name: true, username: true } }) : null;
  if (input.credentialId && !credential) throw new AppError("VALIDATION", "No credential has this id", { fields: [{ path: "body.credentialId", message: "is not an existing credential" }] });
  // One after the other: a transaction is one connection, and node-postgres refuses overlapping queries on it.
  const existing = await tx.server.findMany({ select: { id: true, name: true, address: true, port: true, tags: true, siteId: true, credentialId: true, hostKeyFingerprint: true } });
  const sites = await tx.site.findMany({ select: { id: true, name: true } });
  return { hosts: planImport(parsed.hosts, { existing, sites, credential, siteFromGroup: input.siteFromGroup ?? false }), credential };
}

async function apply(tx: Tx, hosts: PlannedHost[], credentialId: string | null): Promise<void> {
  const creates = hosts.filter((h) => h.action === "create");
  // In slices: Prisma's query compiler (WebAssembly) keeps the memory it grew for a 5,000-row statement.
  for (let i = 0; i < creates.length; i += CREATE_SLICE) {
    await tx.server.createMany({
      data: creates.slice(i, i + CREATE_SLICE).map((h) => ({ name: h.name, address: h.address!, port: h.port!, tags: h.tags, siteId: h.site?.id ?? null, credentialId })),
    });
  }
  for (const h of hosts) {
    if (h.action !== "update") continue;
    await tx.server.update({
      where: { id: h.serverId! },
      data: { address: h.address!, port: h.port!, tags: h.tags, siteId: h.site?.id ?? null, ...(credentialId ? { credentialId } : {}) },
    });
  }
}

function summarise(hosts: PlannedHost[]): TImportResult["summary"] {
  const count = (a: PlannedHost["action"]) => hosts.filter((h) => h.action === a).length;
  return { create: count("create"), update: count("update"), unchanged: count("unchanged"), skip: count("skip") };
}

export async function importServers(db: Db, actor: Actor, input: TImportRequest): Promise<TImportResult> {
  const parsed = parse(input);
  if (parsed.hosts.length === 0) {
    throw new AppError("VALIDATION", "The inventory lists no hosts", { fields: [{ path: "body.content", message: "lists no hosts" }] });
  }
  const result = (hosts: PlannedHost[]): TImportResult => ({ dryRun: input.dryRun, format: input.format, summary: summarise(hosts), hosts, groups: parsed.groups, warnings: parsed.warnings });

  if (input.dryRun) return result((await plan(db, input, parsed)).hosts);

  try {
    return await db.$transaction(
      async (tx) => {
        const { hosts, credential } = await plan(tx, input, parsed);
        await apply(tx, hosts, credential?.id ?? null);
        const summary = summarise(hosts);
        const names = (a: PlannedHost["action"]) => hosts.filter((h) => h.action === a).slice(0, AUDIT_NAMES_MAX).map((h) => h.name);
        await recordAuditEvent(tx, actor, {
          action: "server.import",
          targetType: "server",
          details: {
            format: input.format,
            ...summary,
            credential: credential?.name ?? null,
            siteFromGroup: input.siteFromGroup ?? false,
            created: names("create"),
            updated: names("update"),
            skipped: hosts.filter((h) => h.action === "skip").slice(0, AUDIT_NAMES_MAX).map((h) => ({ name: h.name, reason: h.reason })),
          },
        });
        return result(hosts);
      },
      // Thousands of rows in one transaction take longer than Prisma's 5 s default.
      { timeout: 120_000, maxWait: 10_000 },
    );
  } catch (e) {
    if (isUniqueViolation(e) || isForeignKeyViolation(e)) {
      throw new AppError("CONFLICT", "Servers, sites or credentials changed while importing; run the import again", { cause: e });
    }
    throw e;
  }
}
