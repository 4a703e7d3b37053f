// Client types of maintenance windows, from the server's contract (it imports
// only zod, so its constants may reach the browser bundle).
import type { z } from "zod";
import type { ZCreateWindowRequest, ZUpdateWindowRequest, ZWindow, ZWindowImpact, ZWindowList } from "@/server/maintenance/maintenance.types";

export { WINDOW_STATUSES, type TOccurrence, type TWindowScope } from "@/server/maintenance/maintenance.types";

export type TWindow = z.output<typeof ZWindow>;
export type TWindowStatus = TWindow["status"];
export type TWindowList = z.output<typeof ZWindowList>;
export type TListedWindow = TWindowList["windows"][number];
export type TWindowImpact = z.output<typeof ZWindowImpact>;
export type TCreateWindowRequest = z.input<typeof ZCreateWindowRequest>;
export type TUpdateWindowRequest = z.input<typeof ZUpdateWindowRequest>;
