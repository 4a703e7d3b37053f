import type { Db } from "../db/client";
import { toUserDto, type TUser } from "./users.types";

export async function listUsers(db: Db): Promise<TUser[]> {
  const users = await db.user.findMany({ orderBy: [{ disabledAt: { sort: "asc", nulls: "first" } }, { email: "asc" }] });
  return users.map(toUserDto);
}
