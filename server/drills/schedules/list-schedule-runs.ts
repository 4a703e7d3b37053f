// A drill schedule's runs, newest first (server/schedules/schedule-runs.ts).
import type { Db } from "../../db/client";
import { listRunsOf } from "../../schedules/schedule-runs";
import type { TScheduleRun } from "../drills.types";

export const listScheduleRuns = (db: Db, scheduleId: string): Promise<{ runs: TScheduleRun[] }> => listRunsOf(db, "DRILL", "Drill schedule", scheduleId);
