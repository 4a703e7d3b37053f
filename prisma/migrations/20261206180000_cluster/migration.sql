-- Tandem as a cluster (issue 16): nodes with a heartbeat, one leader elected by
-- a lease with a fencing epoch, one lease per server naming the node that polls
-- it, and the leader epoch on every operation write. (The socket.io postgres
-- adapter's table is created by the hub, as the adapter documents.)
CREATE TABLE "ClusterNode" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "url" TEXT,
    "leaderEligible" BOOLEAN NOT NULL DEFAULT true,
    "version" TEXT NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "stoppedAt" TIMESTAMPTZ(3),
    "lostAt" TIMESTAMPTZ(3),
    CONSTRAINT "ClusterNode_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "ClusterNode_name_idx" ON "ClusterNode"("name");
CREATE INDEX "ClusterNode_lastSeenAt_idx" ON "ClusterNode"("lastSeenAt");

CREATE TABLE "ClusterLeader" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "nodeId" UUID,
    "epoch" INTEGER NOT NULL DEFAULT 0,
    "acquiredAt" TIMESTAMPTZ(3),
    "expiresAt" TIMESTAMPTZ(3) NOT NULL DEFAULT '-infinity',
    CONSTRAINT "ClusterLeader_pkey" PRIMARY KEY ("id")
);
-- The one row every node competes for (the code only ever reads and writes id 1).
INSERT INTO "ClusterLeader" ("id") VALUES (1);

CREATE TABLE "ServerLease" (
    "serverId" UUID NOT NULL,
    "nodeId" UUID NOT NULL,
    "acquiredAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "ServerLease_pkey" PRIMARY KEY ("serverId")
);
CREATE INDEX "ServerLease_nodeId_idx" ON "ServerLease"("nodeId");
ALTER TABLE "ServerLease" ADD CONSTRAINT "ServerLease_serverId_fkey" FOREIGN KEY ("serverId") REFERENCES "Server"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ServerLease" ADD CONSTRAINT "ServerLease_nodeId_fkey" FOREIGN KEY ("nodeId") REFERENCES "ClusterNode"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "Operation" ADD COLUMN "leaderEpoch" INTEGER;

