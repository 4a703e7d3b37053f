import { z } from "zod";

// Printable, trimmed; groups in an Ansible inventory are matched against these names.
export const ZSiteName = z
  .string()
  .trim()
  .min(1, "is required")
  .max(64, "must be at most 64 characters")
  .regex(/^[^\p{Cc}]+$/u, "must not contain control characters");
export const ZSiteDescription = z.string().trim().max(500, "must be at most 500 characters");

export const ZSite = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  /** Servers located at this site; a site in use cannot be deleted. */
  serverCount: z.number().int().nonnegative(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type TSite = z.infer<typeof ZSite>;

export const ZSiteList = z.object({ sites: z.array(ZSite) });

export const ZCreateSiteRequest = z.strictObject({
  name: ZSiteName,
  description: ZSiteDescription.optional(),
});
export type TCreateSiteRequest = z.infer<typeof ZCreateSiteRequest>;

export const ZUpdateSiteRequest = z
  .strictObject({
    name: ZSiteName.optional(),
    description: ZSiteDescription.optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), { message: "must change at least one field" });
export type TUpdateSiteRequest = z.infer<typeof ZUpdateSiteRequest>;

export const ZSiteIdParams = z.object({ id: z.uuid("must be a site id (UUID)") });

type SiteRow = { id: string; name: string; description: string; createdAt: Date; updatedAt: Date; _count: { servers: number } };

export function toSiteDto(s: SiteRow): TSite {
  return {
    id: s.id,
    name: s.name,
    description: s.description,
    serverCount: s._count.servers,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}

export const siteInclude = { _count: { select: { servers: true } } } as const;
