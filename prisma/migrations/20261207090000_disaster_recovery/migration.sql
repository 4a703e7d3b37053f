-- Site disaster recovery (issue 17): group dependencies, per-site recovery
-- plans, site operations (evacuation, return, site drill) with one row per
-- group they move, restore-redundancy settings per group, and the operation
-- kinds for all of them.
ALTER TYPE "OperationKind" ADD VALUE 'EVACUATION';
ALTER TYPE "OperationKind" ADD VALUE 'SITE_RETURN';
ALTER TYPE "OperationKind" ADD VALUE 'SITE_DRILL';
ALTER TYPE "OperationKind" ADD VALUE 'RESTORE';

ALTER TABLE "RedundancyGroup" ADD COLUMN "restore" JSONB NOT NULL DEFAULT '{}';

ALTER TABLE "Operation" ADD COLUMN "siteId" UUID;
ALTER TABLE "Operation" ADD COLUMN "parentId" UUID;
ALTER TABLE "Operation" ADD CONSTRAINT "Operation_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "Operation" ADD CONSTRAINT "Operation_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Operation"("id") ON DELETE SET NULL ON UPDATE CASCADE;
CREATE INDEX "Operation_siteId_state_idx" ON "Operation"("siteId", "state");
CREATE INDEX "Operation_parentId_idx" ON "Operation"("parentId");
-- One live site operation per site, as one live operation per group (409 on conflict).
CREATE UNIQUE INDEX "Operation_one_active_per_site" ON "Operation" ("siteId") WHERE "state" IN ('PLANNED','RUNNING','PAUSED') AND "siteId" IS NOT NULL;

CREATE TABLE "GroupDependency" (
    "groupId" UUID NOT NULL,
    "dependsOnId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "GroupDependency_pkey" PRIMARY KEY ("groupId", "dependsOnId"),
    CONSTRAINT "GroupDependency_not_itself" CHECK ("groupId" <> "dependsOnId")
);
CREATE INDEX "GroupDependency_dependsOnId_idx" ON "GroupDependency"("dependsOnId");
ALTER TABLE "GroupDependency" ADD CONSTRAINT "GroupDependency_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "RedundancyGroup"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "GroupDependency" ADD CONSTRAINT "GroupDependency_dependsOnId_fkey" FOREIGN KEY ("dependsOnId") REFERENCES "RedundancyGroup"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "RecoveryPlan" (
    "siteId" UUID NOT NULL,
    "stages" JSONB NOT NULL DEFAULT '[]',
    "parallelism" INTEGER NOT NULL DEFAULT 4,
    "updatedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "RecoveryPlan_pkey" PRIMARY KEY ("siteId")
);
ALTER TABLE "RecoveryPlan" ADD CONSTRAINT "RecoveryPlan_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TYPE "SiteGroupState" AS ENUM ('PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'SKIPPED');

CREATE TABLE "SiteOperationGroup" (
    "id" UUID NOT NULL,
    "operationId" UUID NOT NULL,
    "groupId" UUID NOT NULL,
    "phase" TEXT NOT NULL,
    "stage" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "action" TEXT NOT NULL,
    "state" "SiteGroupState" NOT NULL DEFAULT 'PENDING',
    "fromServerId" UUID,
    "toServerId" UUID,
    "childOperationId" UUID,
    "rtoMs" INTEGER,
    "detail" TEXT NOT NULL DEFAULT '',
    "startedAt" TIMESTAMPTZ(3),
    "endedAt" TIMESTAMPTZ(3),
    CONSTRAINT "SiteOperationGroup_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "SiteOperationGroup_operationId_phase_groupId_key" ON "SiteOperationGroup"("operationId", "phase", "groupId");
CREATE INDEX "SiteOperationGroup_operationId_phase_stage_idx" ON "SiteOperationGroup"("operationId", "phase", "stage");
ALTER TABLE "SiteOperationGroup" ADD CONSTRAINT "SiteOperationGroup_operationId_fkey" FOREIGN KEY ("operationId") REFERENCES "Operation"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "SiteOperationGroup" ADD CONSTRAINT "SiteOperationGroup_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "RedundancyGroup"("id") ON DELETE CASCADE ON UPDATE CASCADE;
