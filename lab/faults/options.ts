// `npm run faults -- --count N --seed S [--step-ms MS] [--settle-ms MS] [--keep]`
export type Options = { count: number; seed: number; stepMs: number; settleMs: number; keep: boolean; verbose: boolean };

export const USAGE = "usage: npm run faults -- --count N --seed S [--step-ms 2500] [--settle-ms 90000] [--keep] [--quiet]";

export function parseOptions(argv: string[]): Options {
  const o: Options = { count: 40, seed: 1, stepMs: 2500, settleMs: 90_000, keep: false, verbose: true };
  const int = (name: string, v: string | undefined, min: number) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer >= ${min}\n${USAGE}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--count") o.count = int(a, argv[++i], 1);
    else if (a === "--seed") o.seed = int(a, argv[++i], 0);
    else if (a === "--step-ms") o.stepMs = int(a, argv[++i], 100);
    else if (a === "--settle-ms") o.settleMs = int(a, argv[++i], 1000);
    else if (a === "--keep") o.keep = true;
    else if (a === "--quiet") o.verbose = false;
    else throw new Error(`unknown option ${a}\n${USAGE}`);
  }
  return o;
}
