-- Fleet monitoring: agent settings on Server, and health history.
-- The three history tables are range-partitioned by time (Prisma cannot say so
-- in schema.prisma; the columns and keys match it). server/history/partitions.ts
-- creates partitions ahead of time (raw: hourly, minute rollups: daily, hour
-- rollups: monthly) and drops expired ones whole: retention is never a DELETE.

-- CreateEnum
CREATE TYPE "AgentMode" AS ENUM ('STREAM', 'EXEC');

-- AlterTable
ALTER TABLE "Server" ADD COLUMN     "agentMode" "AgentMode" NOT NULL DEFAULT 'STREAM',
ADD COLUMN     "description" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "hostKeyAlgorithm" TEXT,
ADD COLUMN     "lagProbe" TEXT,
ADD COLUMN     "services" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateTable
CREATE TABLE "HealthSample" (
    "serverId" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "state" "HostState" NOT NULL,
    "cpuPct" REAL,
    "memPct" REAL,
    "swapPct" REAL,
    "load1" REAL,
    "diskPct" REAL,
    "netRxBps" REAL,
    "netTxBps" REAL,
    "lagSec" REAL,

    CONSTRAINT "HealthSample_pkey" PRIMARY KEY ("serverId","at")
) PARTITION BY RANGE ("at");

-- CreateTable
CREATE TABLE "HealthRollupMinute" (
    "serverId" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "samples" INTEGER NOT NULL,
    "upSamples" INTEGER NOT NULL,
    "cpuAvg" REAL,
    "cpuMax" REAL,
    "memAvg" REAL,
    "memMax" REAL,
    "load1Avg" REAL,
    "load1Max" REAL,
    "diskMax" REAL,
    "netRxBps" REAL,
    "netTxBps" REAL,
    "lagMax" REAL,

    CONSTRAINT "HealthRollupMinute_pkey" PRIMARY KEY ("serverId","at")
) PARTITION BY RANGE ("at");

-- CreateTable
CREATE TABLE "HealthRollupHour" (
    "serverId" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "samples" INTEGER NOT NULL,
    "upSamples" INTEGER NOT NULL,
    "cpuAvg" REAL,
    "cpuMax" REAL,
    "memAvg" REAL,
    "memMax" REAL,
    "load1Avg" REAL,
    "load1Max" REAL,
    "diskMax" REAL,
    "netRxBps" REAL,
    "netTxBps" REAL,
    "lagMax" REAL,

    CONSTRAINT "HealthRollupHour_pkey" PRIMARY KEY ("serverId","at")
) PARTITION BY RANGE ("at");

-- AddForeignKey
ALTER TABLE "HealthSample" ADD CONSTRAINT "HealthSample_serverId_fkey" FOREIGN KEY ("serverId") REFERENCES "Server"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HealthRollupMinute" ADD CONSTRAINT "HealthRollupMinute_serverId_fkey" FOREIGN KEY ("serverId") REFERENCES "Server"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HealthRollupHour" ADD CONSTRAINT "HealthRollupHour_serverId_fkey" FOREIGN KEY ("serverId") REFERENCES "Server"("id") ON DELETE CASCADE ON UPDATE CASCADE;

