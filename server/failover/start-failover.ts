// Manual failover of a dead primary (DESIGN section 6): fence, promote, move, verify.
import type { Actor } from "../auth/principal";
import type { TStartSwitchRequest } from "./failover.types";
import { startSwitch, type SwitchDeps, type SwitchTrigger } from "./start-switch";

export function startFailover(deps: SwitchDeps, actor: Actor, groupId: string, body: TStartSwitchRequest, opts: { trigger?: SwitchTrigger } = {}) {
  return startSwitch(deps, actor, "FAILOVER", groupId, body, opts);
}
