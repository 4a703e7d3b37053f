// `npm run faults -- --count N --seed S`: the randomized fault exerciser (issue 15).
// Prints every violation as found, and last the one summary line; exits 1 on any violation.
import { parseOptions } from "./options";
import { cleanup, run, type Resources } from "./run";
import { summaryLine } from "./summary";

async function main(): Promise<number> {
  let o;
  try {
    o = parseOptions(process.argv.slice(2));
  } catch (e) {
    console.error((e as Error).message);
    return 2;
  }
  const res: Resources = {};
  const t0 = Date.now();
  const print = (line: string) => {
    if (o.verbose || line.startsWith("VIOLATION") || line.startsWith("faults:")) console.log(`${((Date.now() - t0) / 1000).toFixed(1).padStart(6)}s ${line}`);
  };
  // Ctrl-C or a TERM from CI: stop Tandem and PostgreSQL and remove the temp dirs before leaving.
  let interrupted = false;
  for (const sig of ["SIGINT", "SIGTERM"] as const)
    process.once(sig, () => {
      interrupted = true;
      console.error(`${sig}: cleaning up`);
      void cleanup(res, false).finally(() => process.exit(130));
    });
  try {
    const world = await run(o, res, print);
    // On a violation the logs stay, for whoever reproduces it.
    const keep = o.keep || world.violations.size > 0;
    const dir = res.dir;
    await cleanup(res, keep);
    if (keep) console.log(`Tandem's log kept in ${dir}`);
    console.log(`run time ${((Date.now() - t0) / 1000).toFixed(0)} s; seed ${o.seed}; actions ${world.counters.actions} (refused ${world.counters.refusedActions}); Tandem restarts ${world.counters.tandemRestarts}, PostgreSQL restarts ${world.counters.pgRestarts}; other violations: ${world.count("server-error")} server errors`);
    console.log(summaryLine(world));
    return world.violations.size ? 1 : 0;
  } catch (e) {
    if (interrupted) return 130;
    console.error(`faults: the run itself failed (seed ${o.seed}): ${(e as Error).stack ?? String(e)}`);
    await cleanup(res, true);
    if (res.dir) console.error(`logs kept in ${res.dir}`);
    return 1;
  }
}

void main().then((code) => process.exit(code));
