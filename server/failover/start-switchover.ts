// Manual switchover of a healthy primary (DESIGN section 6).
import type { Actor } from "../auth/principal";
import type { TStartSwitchRequest } from "./failover.types";
import { startSwitch, type SwitchDeps } from "./start-switch";

export function startSwitchover(deps: SwitchDeps, actor: Actor, groupId: string, body: TStartSwitchRequest) {
  return startSwitch(deps, actor, "SWITCHOVER", groupId, body);
}
