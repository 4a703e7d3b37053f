// Child process for the evacuation benchmark: a simulated fleet of exactly the
// hosts it is sent (agents/sim's CLI builds only generated or demo fleets), so
// the SSH servers' CPU is apart from Tandem's and on the other core, as real
// hosts' would be. Started with forkBenchChild(); {type: "start", hosts, seed}
// → {type: "ready", hosts}; {type: "stats"} → {type: "stats", stats};
// {type: "stop"} ends it, as does its parent going away.
import { startSimFleet } from "../agents/sim/sim-fleet";
import type { SimFleet, SimHostSpec } from "../agents/sim/sim-types";

let sim: SimFleet | undefined;
const stop = async () => {
  await sim?.stop();
  process.exit(0);
};

process.on("message", (m: { type: string; hosts?: SimHostSpec[]; seed?: number }) => {
  if (m.type === "start") {
    startSimFleet({ hosts: m.hosts!, seed: m.seed, preinstalled: true }).then(
      (s) => {
        sim = s;
        process.send?.({ type: "ready", hosts: s.hosts });
      },
      (e: unknown) => process.send?.({ type: "error", message: String(e) }),
    );
  } else if (m.type === "stats" && sim) process.send?.({ type: "stats", stats: sim.stats() });
  else if (m.type === "stop") void stop();
});
process.on("disconnect", () => void stop());
