import { z } from "zod";

export const IMPORT_FORMATS = ["ini", "yaml"] as const;
export const IMPORT_MAX_CONTENT = 1_000_000;

export const ZImportRequest = z.strictObject({
  format: z.enum(IMPORT_FORMATS),
  /** The inventory file's text. */
  content: z.string().min(1, "is empty").max(IMPORT_MAX_CONTENT, "must be at most 1 MB"),
  /** The credential new servers get (and updated ones, when given). */
  credentialId: z.uuid("must be a credential id (UUID)").nullable().optional(),
  /** Put a host at the site whose name matches one of its groups. */
  siteFromGroup: z.boolean().optional(),
  /** True: only report what would happen. */
  dryRun: z.boolean(),
});
export type TImportRequest = z.infer<typeof ZImportRequest>;

export const ZImportAction = z.enum(["create", "update", "unchanged", "skip"]);

export const ZImportHost = z.object({
  name: z.string(),
  action: ZImportAction,
  reason: z.string().nullable(),
  address: z.string().nullable(),
  port: z.number().int().nullable(),
  tags: z.array(z.string()),
  site: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  changes: z.array(z.string()),
  notes: z.array(z.string()),
  serverId: z.uuid().nullable(),
});
export type TImportHost = z.infer<typeof ZImportHost>;

export const ZImportResult = z.object({
  dryRun: z.boolean(),
  format: z.enum(IMPORT_FORMATS),
  summary: z.object({ create: z.number().int(), update: z.number().int(), unchanged: z.number().int(), skip: z.number().int() }),
  hosts: z.array(ZImportHost),
  /** Every group in the file (without all and ungrouped). */
  groups: z.array(z.string()),
  /** Parts of the file that were ignored, as Ansible would ignore them. */
  warnings: z.array(z.string()),
});
export type TImportResult = z.infer<typeof ZImportResult>;
