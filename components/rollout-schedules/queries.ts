"use client";

import { scheduleQueries } from "@/components/schedules/queries";
import type { TCreateRolloutScheduleInput, TRolloutSchedule, TUpdateRolloutScheduleInput } from "./types";

export const rolloutScheduleQueries = scheduleQueries<TRolloutSchedule, TCreateRolloutScheduleInput, TUpdateRolloutScheduleInput>({ base: "/api/v1/rollout-schedules", key: ["rollout-schedules"] });
