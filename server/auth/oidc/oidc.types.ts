import { z } from "zod";

export const ZSsoInfo = z.object({ enabled: z.boolean(), label: z.string().nullable() });
export type TSsoInfo = z.infer<typeof ZSsoInfo>;

export const ZSsoLoginQuery = z.object({ next: z.string().max(2000).startsWith("/", "must be a path on this site").optional() });

export const ZRedirect = z.null().describe("A redirect (302) with a Location header");
