// The Prisma client over node-postgres (engine-free Prisma 7). Created once by
// the server entry (or a test) and handed around; importing this file connects nothing.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client";

export type Db = PrismaClient;
/** The client inside db.$transaction(async (tx) => ...). */
export type Tx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

export function createDb(databaseUrl: string, opts: { max?: number } = {}): Db {
  const adapter = new PrismaPg({ connectionString: databaseUrl, max: opts.max ?? 10 });
  return new PrismaClient({ adapter });
}

export { Prisma } from "./generated/client";
export type { Role, User } from "./generated/client";
