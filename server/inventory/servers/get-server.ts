import type { Db } from "../../db/client";
import { notFound } from "../../errors/app-error";
import { serverDetailSelect, toServerDetailDto } from "./server-dto";
import type { TServerDetail } from "./servers.types";
import type { ServerLiveView } from "./server-live-view";

export async function getServer(db: Db, id: string, view?: ServerLiveView): Promise<TServerDetail> {
  const row = await db.server.findUnique({ where: { id }, select: serverDetailSelect });
  if (!row) throw notFound("Server");
  return toServerDetailDto(row, view);
}
