// Prisma CLI configuration (generate; migrate where the schema engine exists).
// Tandem itself applies prisma/migrations with server/db/migrate.ts.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost/tandem" },
});
