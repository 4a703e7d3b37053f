-- Patch rollouts (issue 14): when each server was last patched, and the hosts
-- of a ROLLOUT operation with their batch and progress.
ALTER TABLE "Server" ADD COLUMN "lastPatchedAt" TIMESTAMPTZ(3);

CREATE TYPE "RolloutHostState" AS ENUM ('PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'SKIPPED');
CREATE TABLE "RolloutHost" (
    "id" UUID NOT NULL,
    "operationId" UUID NOT NULL,
    "serverId" UUID NOT NULL,
    "batch" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "state" "RolloutHostState" NOT NULL DEFAULT 'PENDING',
    "phase" TEXT,
    "switchover" BOOLEAN NOT NULL DEFAULT false,
    "drained" JSONB NOT NULL DEFAULT '[]',
    "updatesBefore" INTEGER,
    "securityBefore" INTEGER,
    "kernelBefore" TEXT,
    "kernelAfter" TEXT,
    "rebooted" BOOLEAN NOT NULL DEFAULT false,
    "error" TEXT,
    "startedAt" TIMESTAMPTZ(3),
    "endedAt" TIMESTAMPTZ(3),
    CONSTRAINT "RolloutHost_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "RolloutHost_operationId_serverId_key" ON "RolloutHost"("operationId", "serverId");
CREATE INDEX "RolloutHost_operationId_batch_idx" ON "RolloutHost"("operationId", "batch");
CREATE INDEX "RolloutHost_serverId_idx" ON "RolloutHost"("serverId");
ALTER TABLE "RolloutHost" ADD CONSTRAINT "RolloutHost_operationId_fkey" FOREIGN KEY ("operationId") REFERENCES "Operation"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "RolloutHost" ADD CONSTRAINT "RolloutHost_serverId_fkey" FOREIGN KEY ("serverId") REFERENCES "Server"("id") ON DELETE CASCADE ON UPDATE CASCADE;
