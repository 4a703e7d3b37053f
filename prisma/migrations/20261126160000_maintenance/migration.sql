-- Maintenance windows (issue 6): the planner's wall-clock start, the break
-- override, "end now" and cancel reasons, and the drains a window holds (so an
-- ended window always releases them, also after a restart).
ALTER TABLE "MaintenanceWindow" ADD COLUMN "localStart" TEXT NOT NULL,
                                ADD COLUMN "overrideReason" TEXT,
                                ADD COLUMN "endedOccurrence" TIMESTAMPTZ(3),
                                ADD COLUMN "endedAt" TIMESTAMPTZ(3),
                                ADD COLUMN "cancelReason" TEXT;

CREATE TABLE "MaintenanceDrain" (
    "id" UUID NOT NULL,
    "windowId" UUID NOT NULL,
    "occurrenceStart" TIMESTAMPTZ(3) NOT NULL,
    "groupId" UUID NOT NULL,
    "serverId" UUID NOT NULL,
    "previousAdminState" "AdminState" NOT NULL,
    "drainedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "releasedAt" TIMESTAMPTZ(3),
    "error" TEXT,
    CONSTRAINT "MaintenanceDrain_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "MaintenanceDrain_windowId_occurrenceStart_groupId_serverId_key" ON "MaintenanceDrain"("windowId", "occurrenceStart", "groupId", "serverId");
CREATE INDEX "MaintenanceDrain_releasedAt_idx" ON "MaintenanceDrain"("releasedAt");
ALTER TABLE "MaintenanceDrain" ADD CONSTRAINT "MaintenanceDrain_windowId_fkey" FOREIGN KEY ("windowId") REFERENCES "MaintenanceWindow"("id") ON DELETE CASCADE ON UPDATE CASCADE;
