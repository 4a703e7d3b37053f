import type { Db } from "../../db/client";
import { siteInclude, toSiteDto, type TSite } from "./sites.types";

export async function listSites(db: Db): Promise<TSite[]> {
  const sites = await db.site.findMany({ orderBy: { name: "asc" }, include: siteInclude });
  return sites.map(toSiteDto);
}
