-- Drill schedules (issue 7): the wall-clock first run, and a row for each time
-- a schedule was due (started, missed while Tandem was down, skipped, failed to
-- start), so a missed run is reported rather than silently skipped.
ALTER TABLE "Schedule" ADD COLUMN "localStart" TEXT NOT NULL;
CREATE INDEX "Schedule_enabled_nextRunAt_idx" ON "Schedule"("enabled", "nextRunAt");

CREATE TYPE "ScheduleRunOutcome" AS ENUM ('STARTED', 'MISSED', 'SKIPPED', 'FAILED');
CREATE TABLE "ScheduleRun" (
    "id" UUID NOT NULL,
    "scheduleId" UUID NOT NULL,
    "dueAt" TIMESTAMPTZ(3) NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "outcome" "ScheduleRunOutcome" NOT NULL,
    "operationId" UUID,
    "detail" TEXT NOT NULL DEFAULT '',
    CONSTRAINT "ScheduleRun_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "ScheduleRun_scheduleId_dueAt_key" ON "ScheduleRun"("scheduleId", "dueAt");
CREATE INDEX "ScheduleRun_scheduleId_at_idx" ON "ScheduleRun"("scheduleId", "at");
ALTER TABLE "ScheduleRun" ADD CONSTRAINT "ScheduleRun_scheduleId_fkey" FOREIGN KEY ("scheduleId") REFERENCES "Schedule"("id") ON DELETE CASCADE ON UPDATE CASCADE;
