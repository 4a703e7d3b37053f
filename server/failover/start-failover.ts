// Manual failover of a dead primary (DESIGN section 6): fence, promote, move, verify.
import type { Actor } from "../auth/principal";
import type { TStartSwitchRequest } from "./failover.types";
import { startSwitch, type SwitchDeps } from "./start-switch";

export function startFailover(deps: SwitchDeps, actor: Actor, groupId: string, body: TStartSwitchRequest) {
  return startSwitch(deps, actor, "FAILOVER", groupId, body);
}
