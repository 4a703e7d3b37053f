-- Out-of-band fencing, crashed-service failover, COMMAND load balancers and
-- rejoining a fenced member (issue 13).
ALTER TYPE "OperationKind" ADD VALUE 'REJOIN';

ALTER TABLE "RedundancyGroup" ADD COLUMN "criticalServices" JSONB NOT NULL DEFAULT '[]';
ALTER TABLE "RedundancyGroup" ADD COLUMN "fencingLevels" JSONB NOT NULL DEFAULT '[]';

ALTER TABLE "LoadBalancer" ADD COLUMN "serverId" UUID;
CREATE INDEX "LoadBalancer_serverId_idx" ON "LoadBalancer"("serverId");
ALTER TABLE "LoadBalancer" ADD CONSTRAINT "LoadBalancer_serverId_fkey" FOREIGN KEY ("serverId") REFERENCES "Server"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TYPE "FenceDeviceKind" AS ENUM ('IPMI', 'LIBVIRT', 'PROXMOX', 'AWS', 'CUSTOM');
CREATE TABLE "FenceDevice" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "FenceDeviceKind" NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "fencingServerId" UUID NOT NULL,
    "actionCommand" TEXT NOT NULL,
    "statusCommand" TEXT NOT NULL,
    "offPattern" TEXT NOT NULL,
    "onCommand" TEXT,
    "env" JSONB NOT NULL DEFAULT '{}',
    "secretCiphertext" BYTEA,
    "timeoutSeconds" INTEGER NOT NULL DEFAULT 30,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "FenceDevice_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "FenceDevice_name_key" ON "FenceDevice"("name");
CREATE INDEX "FenceDevice_fencingServerId_idx" ON "FenceDevice"("fencingServerId");
ALTER TABLE "FenceDevice" ADD CONSTRAINT "FenceDevice_fencingServerId_fkey" FOREIGN KEY ("fencingServerId") REFERENCES "Server"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "FenceTarget" (
    "id" UUID NOT NULL,
    "deviceId" UUID NOT NULL,
    "serverId" UUID NOT NULL,
    "plug" TEXT NOT NULL,
    CONSTRAINT "FenceTarget_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "FenceTarget_deviceId_serverId_key" ON "FenceTarget"("deviceId", "serverId");
CREATE INDEX "FenceTarget_serverId_idx" ON "FenceTarget"("serverId");
ALTER TABLE "FenceTarget" ADD CONSTRAINT "FenceTarget_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "FenceDevice"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "FenceTarget" ADD CONSTRAINT "FenceTarget_serverId_fkey" FOREIGN KEY ("serverId") REFERENCES "Server"("id") ON DELETE CASCADE ON UPDATE CASCADE;
