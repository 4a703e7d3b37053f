import type { Db } from "../../db/client";
import { notFound } from "../../errors/app-error";
import { serverDetailSelect, toServerDetailDto } from "./server-dto";
import type { TServerDetail } from "./servers.types";

export async function getServer(db: Db, id: string): Promise<TServerDetail> {
  const row = await db.server.findUnique({ where: { id }, select: serverDetailSelect });
  if (!row) throw notFound("Server");
  return toServerDetailDto(row);
}
