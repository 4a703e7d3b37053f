// The longest event-loop tasks in a V8 CPU profile (node --cpu-prof, as
// BENCH_CPU_PROF_DIR has the cluster bench write them), and what ran in them:
//
//   npx tsx bench/cpuprofile-stalls.ts <file.cpuprofile> [--min-ms 100] [--top 10]
//
// A task is a run of consecutive samples under one top-level frame (the
// callback libuv ran: a timer, a socket read, a microtask drain), garbage
// collection inside it included; an idle sample or another top-level frame
// ends it. For each task over --min-ms: where it started (seconds into the
// profile), its length, its top-level frame, and the functions with the most
// self time and the most total time in it. The loop is blocked for the task's
// whole length, so a task of 800 ms is an 800 ms delay for every socket.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

type CallFrame = { functionName: string; url: string; lineNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame; children?: number[] };
type Profile = { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] };

export type Task = { startMs: number; ms: number; root: string; self: [string, number][]; total: [string, number][] };

const label = (f: CallFrame) => `${f.functionName || "(anonymous)"} ${f.url.replace(/^.*node_modules\//, "~/").replace(/^file:\/\/.*?\/(server|agents|app)\//, "$1/")}:${f.lineNumber + 1}`;

/** The tasks of a profile at least minMs long, longest first. */
export function longTasks(p: Profile, minMs: number): Task[] {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const rootId = p.nodes.find((n) => !parent.has(n.id))!.id;
  /** The frame right under (root) that a node descends from. */
  const topOf = new Map<number, number>();
  const top = (id: number): number => {
    let cur = id;
    while (parent.get(cur) !== undefined && parent.get(cur) !== rootId) cur = parent.get(cur)!;
    return cur;
  };
  for (const n of p.nodes) topOf.set(n.id, top(n.id));
  const nameOf = (id: number) => byId.get(id)!.callFrame.functionName;

  const tasks: Task[] = [];
  let t = 0;
  let cur: { start: number; end: number; top: number; samples: { id: number; dt: number }[] } | null = null;
  const close = () => {
    if (cur && cur.end - cur.start >= minMs * 1000) {
      const self = new Map<string, number>();
      const total = new Map<string, number>();
      for (const { id, dt } of cur.samples) {
        const l = label(byId.get(id)!.callFrame);
        self.set(l, (self.get(l) ?? 0) + dt);
        const seen = new Set<string>();
        for (let n: number | undefined = id; n !== undefined && n !== rootId; n = parent.get(n)) {
          const ln = label(byId.get(n)!.callFrame);
          if (seen.has(ln)) continue;
          seen.add(ln);
          total.set(ln, (total.get(ln) ?? 0) + dt);
        }
      }
      const ms = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([k, v]) => [k, v / 1000] as [string, number]);
      tasks.push({ startMs: cur.start / 1000, ms: (cur.end - cur.start) / 1000, root: label(byId.get(cur.top)!.callFrame), self: ms(self), total: ms(total) });
    }
    cur = null;
  };
  for (let i = 0; i < p.samples.length; i++) {
    const dt = p.timeDeltas[i + 1] ?? 0; // a sample stands for the time until the next one
    t += p.timeDeltas[i] ?? 0;
    const id = p.samples[i]!;
    const name = nameOf(id);
    if (name === "(idle)" || id === rootId) {
      close();
      continue;
    }
    // Garbage collection and native code (program) belong to the task running around them.
    if (name === "(garbage collector)" || name === "(program)") {
      if (cur) {
        cur.end = t + dt;
        cur.samples.push({ id, dt });
      }
      continue;
    }
    const tp = topOf.get(id)!;
    if (!cur || cur.top !== tp) {
      close();
      cur = { start: t, end: t, top: tp, samples: [] };
    }
    cur.end = t + dt;
    cur.samples.push({ id, dt });
  }
  close();
  return tasks.sort((a, b) => b.ms - a.ms);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { "min-ms": { type: "string", default: "100" }, top: { type: "string", default: "10" } } });
  for (const file of positionals) {
    const p = JSON.parse(readFileSync(file, "utf8")) as Profile;
    const tasks = longTasks(p, Number(values["min-ms"]));
    const spanS = (p.endTime - p.startTime) / 1e6;
    console.log(`${file}: ${spanS.toFixed(0)} s profiled, ${tasks.length} tasks of ${values["min-ms"]} ms or more, ${tasks.reduce((a, x) => a + x.ms, 0).toFixed(0)} ms in them`);
    for (const x of tasks.slice(0, Number(values.top))) {
      console.log(`\n  ${x.ms.toFixed(0)} ms at ${(x.startMs / 1000).toFixed(1)} s: ${x.root}`);
      console.log(`    self:  ${x.self.slice(0, 6).map(([k, v]) => `${k} ${v.toFixed(0)}`).join("\n           ")}`);
      console.log(`    total: ${x.total.slice(0, 12).map(([k, v]) => `${k} ${v.toFixed(0)}`).join("\n           ")}`);
    }
  }
}
