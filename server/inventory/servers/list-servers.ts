import type { Db, Prisma } from "../../db/client";
import { serverSelect, toServerDto } from "./server-dto";
import type { ServerLiveView } from "./server-live-view";
import type { TServer, TServerListQuery } from "./servers.types";

/** The database part of the filter; states are live (health and maintenance), so they are filtered after. */
export function serverFilter(q: TServerListQuery): Prisma.ServerWhereInput {
  const and: Prisma.ServerWhereInput[] = [];
  if (q.q) and.push({ OR: [{ name: { contains: q.q, mode: "insensitive" } }, { address: { contains: q.q, mode: "insensitive" } }] });
  if (q.site) and.push({ siteId: q.site === "none" ? null : q.site });
  if (q.tag?.length) and.push({ tags: { hasEvery: q.tag } });
  return and.length ? { AND: and } : {};
}

export async function listServers(db: Db, query: TServerListQuery, view?: ServerLiveView): Promise<TServer[]> {
  const rows = await db.server.findMany({ where: serverFilter(query), select: serverSelect, orderBy: { name: "asc" } });
  const servers = rows.map((r) => toServerDto(r, view));
  const states = query.state ? new Set(query.state) : null;
  const healths = query.health ? new Set(query.health) : null;
  return servers.filter((s) => (!states || states.has(s.state)) && (!healths || healths.has(s.health)));
}
