// Runs a simulated fleet as its own process, for benchmarks and the demo:
//
//   tsx agents/sim/cli.ts --hosts 10000 --manifest /tmp/fleet.json [--seed 1] [--port 2222] [--preinstalled]
//   tsx agents/sim/cli.ts --demo --manifest /tmp/demo.json
//   tsx agents/sim/cli.ts --hosts 10000 --shard 1/2 ...   (the odd half; see sim-process.ts)
//   ... --patch-ms 2500 --reboot-delay-ms 1000 --boot-ms 3500   (how long patches and reboots take)
//
// It writes a JSON manifest (every host's name, address, port, username,
// password, fingerprint), then serves until SIGINT/SIGTERM. Started with an IPC
// channel (child_process.fork, or spawn with "ipc" in stdio) it sends
// {type:"ready", manifest, hosts} and answers messages
// {id?, op:"inject", name, fault, params?} | {id?, op:"clear", name, fault?} |
// {id?, op:"power", name, power:"on"|"off", by?} | {id?, op:"lb-backends", name} | {id?, op:"stats"} | {id?, op:"hosts"} | {id?, op:"stop"} with
// {type:"reply", id, ok:true, ...} or {type:"reply", id, ok:false, error}.
// It stops when its parent goes away, so a crashed benchmark leaves no fleet behind.
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { z } from "zod";
import { createLogger } from "../../server/lib/logger";
import { demoFleetSpec } from "./demo-fleet";
import { generatedFleetSpec } from "./generated-fleet";
import { DEFAULT_SIM_PASSWORD, startSimFleet } from "./sim-fleet";
import { ZSimControlMessage, type SimManifest, type TSimReply } from "./sim-control.types";
import type { SimFleet, SimTiming } from "./sim-types";

const { values: args } = parseArgs({
  options: {
    hosts: { type: "string" },
    demo: { type: "boolean", default: false },
    manifest: { type: "string" },
    seed: { type: "string", default: "1" },
    port: { type: "string", default: "2222" },
    password: { type: "string", default: DEFAULT_SIM_PASSWORD },
    "authorized-keys": { type: "string" },
    preinstalled: { type: "boolean", default: false },
    "log-level": { type: "string", default: "warn" },
    /** k/n: serve only the hosts whose index modulo n is k (one process per shard). */
    shard: { type: "string", default: "0/1" },
    "patch-ms": { type: "string" },
    "reboot-delay-ms": { type: "string" },
    "boot-ms": { type: "string" },
  },
});

function fail(msg: string): never {
  process.stderr.write(`sim: ${msg}\n`);
  process.exit(2);
}

function openFilesLimit(): number {
  try {
    const line = readFileSync("/proc/self/limits", "utf8").split("\n").find((l) => l.startsWith("Max open files"));
    return Number(line?.split(/\s+/)[3]) || Infinity;
  } catch {
    return Infinity;
  }
}

function writeManifest(file: string, fleet: SimFleet, seed: number, password: string): void {
  const manifest: SimManifest = {
    version: 1,
    pid: process.pid,
    seed,
    hosts: fleet.hosts.map((h) => ({ ...h, password, fingerprint: h.hostKeyFingerprint })),
  };
  writeFileSync(`${file}.tmp`, JSON.stringify(manifest, null, 1) + "\n", { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

async function main() {
  if (!args.demo && !args.hosts) fail("give --hosts N or --demo");
  const seed = Number(args.seed);
  const port = Number(args.port);
  if (!Number.isInteger(seed)) fail("--seed must be an integer");
  if (!Number.isInteger(port) || port < 1 || port > 65535) fail("--port must be 1-65535");
  const level = z.enum(["debug", "info", "warn", "error"]).safeParse(args["log-level"]);
  const logger = createLogger({ level: level.success ? level.data : "warn", base: { component: "sim" } });

  const shard = /^(\d+)\/(\d+)$/.exec(args.shard);
  if (!shard || Number(shard[1]) >= Number(shard[2])) fail("--shard must be k/n with k < n");
  let specs;
  try {
    specs = args.demo ? demoFleetSpec().map((h) => ({ ...h, port })) : generatedFleetSpec(Number(args.hosts), { port });
  } catch (e) {
    fail((e as Error).message);
  }
  specs = specs.filter((_, i) => i % Number(shard[2]) === Number(shard[1]));
  // One listening socket per host plus one per connection.
  const limit = openFilesLimit();
  if (specs.length * 2 + 64 > limit) {
    logger.warn(`open-files limit ${limit} is low for ${specs.length} hosts with a connection each; raise it (ulimit -n ${specs.length * 2 + 1024})`);
  }
  const authorizedKeys = args["authorized-keys"] ? readFileSync(args["authorized-keys"], "utf8").split("\n").filter((l) => l.trim() && !l.startsWith("#")) : [];

  const timing: SimTiming = {};
  for (const [flag, key] of [["patch-ms", "patchMs"], ["reboot-delay-ms", "rebootDelayMs"], ["boot-ms", "bootMs"]] as const) {
    const v = args[flag];
    if (v === undefined) continue;
    if (!/^\d{1,7}$/.test(v)) fail(`--${flag} must be a number of milliseconds`);
    timing[key] = Number(v);
  }

  const started = performance.now();
  const fleet = await startSimFleet({
    hosts: specs,
    seed,
    password: args.password,
    authorizedKeys,
    preinstalled: args.preinstalled,
    timing,
    log: (lvl, msg, fields) => logger[lvl](msg, fields),
  });
  logger.info("sim fleet started", { hosts: specs.length, ms: Math.round(performance.now() - started) });
  if (args.manifest) writeManifest(args.manifest, fleet, seed, args.password);

  let stopping: Promise<void> | undefined;
  const stop = (code = 0) => {
    stopping ??= fleet.stop().finally(() => {
      process.disconnect?.();
      process.exit(code);
    });
    return stopping;
  };
  process.once("SIGINT", () => void stop());
  process.once("SIGTERM", () => void stop());

  if (!process.send) {
    process.stdout.write(`sim: ${specs.length} hosts listening${args.manifest ? `, manifest ${args.manifest}` : ""}\n`);
    return;
  }
  process.once("disconnect", () => void stop());
  process.on("message", async (raw) => {
    const parsed = ZSimControlMessage.safeParse(raw);
    const id = (raw as { id?: unknown } | null)?.id ?? null;
    const reply = (body: Omit<Extract<TSimReply, { ok: true }>, "type" | "id"> | { ok: false; error: string }, then?: () => void) =>
      process.send?.({ type: "reply", id, ...body } satisfies TSimReply, () => then?.());
    if (!parsed.success) return reply({ ok: false, error: `invalid message: ${parsed.error.issues[0]?.message}` });
    const msg = parsed.data;
    try {
      switch (msg.op) {
        case "inject":
          await fleet.inject(msg.name, msg.fault, msg.params);
          return reply({ ok: true, host: fleet.host(msg.name) });
        case "clear":
          await fleet.clear(msg.name, msg.fault);
          return reply({ ok: true, host: fleet.host(msg.name) });
        case "power":
          await fleet.power(msg.name, msg.power, { by: msg.by });
          return reply({ ok: true, host: fleet.host(msg.name) });
        case "lb-backends":
          return reply({ ok: true, backends: fleet.lbBackends(msg.name) });
        case "stats":
          return reply({ ok: true, stats: fleet.stats() });
        case "hosts":
          return reply({ ok: true, hosts: fleet.hosts });
        case "stop":
          await fleet.stop();
          return reply({ ok: true }, () => void stop());
      }
    } catch (e) {
      reply({ ok: false, error: (e as Error).message });
    }
  });
  process.send({ type: "ready", manifest: args.manifest ?? null, hosts: specs.length } satisfies TSimReply);
}

main().catch((e: Error) => fail(e.message));
