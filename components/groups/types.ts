// Client types inferred from the server's zod schemas (type-only imports).
import type { z } from "zod";
import type { ZGroup, ZGroupList, ZGroupMember } from "@/server/groups/groups.types";

export type TGroup = z.output<typeof ZGroup>;
export type TGroupMember = z.output<typeof ZGroupMember>;
export type TGroupList = z.output<typeof ZGroupList>;
