// How a server in a running maintenance window is marked wherever its state is
// shown: the fleet view and group members (epoch ms, like their other times)
// and the servers API (ISO times, like its other times).
import { z } from "zod";

export const ZMaintenanceMark = z.object({
  windowId: z.uuid(),
  title: z.string(),
  /** When this occurrence began (epoch ms). */
  startedAt: z.number(),
  /** When it ends (epoch ms). */
  endsAt: z.number(),
});
export type TMaintenanceMark = z.infer<typeof ZMaintenanceMark>;

export const ZMaintenanceMarkIso = z.object({ windowId: z.uuid(), title: z.string(), startedAt: z.iso.datetime(), endsAt: z.iso.datetime() });
export type TMaintenanceMarkIso = z.infer<typeof ZMaintenanceMarkIso>;

export const markToIso = (m: TMaintenanceMark | null): TMaintenanceMarkIso | null =>
  m ? { windowId: m.windowId, title: m.title, startedAt: new Date(m.startedAt).toISOString(), endsAt: new Date(m.endsAt).toISOString() } : null;
