import type { Db, Prisma } from "../../db/client";
import { serverSelect, toServerDto } from "./server-dto";
import type { TServer, TServerListQuery } from "./servers.types";

export function serverFilter(q: TServerListQuery): Prisma.ServerWhereInput {
  const and: Prisma.ServerWhereInput[] = [];
  if (q.q) and.push({ OR: [{ name: { contains: q.q, mode: "insensitive" } }, { address: { contains: q.q, mode: "insensitive" } }] });
  if (q.site) and.push({ siteId: q.site === "none" ? null : q.site });
  if (q.tag?.length) and.push({ tags: { hasEvery: q.tag } });
  if (q.state?.length) and.push({ state: { in: q.state } });
  return and.length ? { AND: and } : {};
}

export async function listServers(db: Db, query: TServerListQuery): Promise<TServer[]> {
  const rows = await db.server.findMany({ where: serverFilter(query), select: serverSelect, orderBy: { name: "asc" } });
  return rows.map(toServerDto);
}
