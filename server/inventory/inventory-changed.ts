import type { Runtime } from "../runtime";

/** After an inventory change, poll the new set now rather than at the next periodic reload. */
export function inventoryChanged(rt: Runtime): void {
  rt.services.monitoring?.reload().catch((e: unknown) => rt.log.error("monitoring reload after an inventory change failed", { err: e as Error }));
}
