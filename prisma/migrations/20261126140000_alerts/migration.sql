-- Live alerts (issue 5): rule scope and built-in marker, alert sources,
-- incidents (parent alerts), flapping and resolution, the per-alert timeline,
-- channel routing and flood guard, and the webhook delivery log.

-- AlertRule
ALTER TABLE "AlertRule" ADD COLUMN "scope" JSONB NOT NULL DEFAULT '{}',
                        ADD COLUMN "builtin" BOOLEAN NOT NULL DEFAULT false;

-- Alert
ALTER TABLE "Alert" ADD COLUMN "source" TEXT NOT NULL,
                    ADD COLUMN "operationId" UUID,
                    ADD COLUMN "parentId" UUID,
                    ADD COLUMN "flapping" BOOLEAN NOT NULL DEFAULT false,
                    ADD COLUMN "resolvedBy" TEXT,
                    ADD COLUMN "resolution" TEXT,
                    ADD COLUMN "suppressedWindowId" UUID;
ALTER TABLE "Alert" ADD CONSTRAINT "Alert_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Alert"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "Alert" ADD CONSTRAINT "Alert_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "RedundancyGroup"("id") ON DELETE SET NULL ON UPDATE CASCADE;
CREATE INDEX "Alert_groupId_idx" ON "Alert"("groupId");
CREATE INDEX "Alert_firstSeenAt_idx" ON "Alert"("firstSeenAt");
CREATE INDEX "Alert_parentId_idx" ON "Alert"("parentId");

-- AlertEvent
CREATE TABLE "AlertEvent" (
    "id" UUID NOT NULL,
    "alertId" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "kind" TEXT NOT NULL,
    "actor" TEXT,
    "message" TEXT NOT NULL,
    CONSTRAINT "AlertEvent_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "AlertEvent_alertId_at_idx" ON "AlertEvent"("alertId", "at");
ALTER TABLE "AlertEvent" ADD CONSTRAINT "AlertEvent_alertId_fkey" FOREIGN KEY ("alertId") REFERENCES "Alert"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- NotificationChannel
ALTER TABLE "NotificationChannel" ADD COLUMN "scope" JSONB NOT NULL DEFAULT '{}',
                                  ADD COLUMN "repeatIntervalMinutes" INTEGER NOT NULL DEFAULT 15;

-- AlertDelivery
CREATE TYPE "DeliveryState" AS ENUM ('PENDING', 'SENT', 'FAILED', 'DROPPED');
CREATE TABLE "AlertDelivery" (
    "id" UUID NOT NULL,
    "alertId" UUID,
    "channelId" UUID NOT NULL,
    "event" TEXT NOT NULL,
    "state" "DeliveryState" NOT NULL DEFAULT 'PENDING',
    "payload" JSONB NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastStatus" INTEGER,
    "lastError" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMPTZ(3),
    CONSTRAINT "AlertDelivery_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "AlertDelivery_state_nextAttemptAt_idx" ON "AlertDelivery"("state", "nextAttemptAt");
CREATE INDEX "AlertDelivery_alertId_idx" ON "AlertDelivery"("alertId");
CREATE INDEX "AlertDelivery_channelId_createdAt_idx" ON "AlertDelivery"("channelId", "createdAt");
ALTER TABLE "AlertDelivery" ADD CONSTRAINT "AlertDelivery_alertId_fkey" FOREIGN KEY ("alertId") REFERENCES "Alert"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "AlertDelivery" ADD CONSTRAINT "AlertDelivery_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "NotificationChannel"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- One open alert per key: a condition that persists is one alert with a count, also under concurrent writers.
CREATE UNIQUE INDEX "Alert_one_open_per_key" ON "Alert" ("dedupKey") WHERE "state" <> 'RESOLVED';
