// Tandem's process entry: `npm start` (production build) and `npm run dev`.
import { loadConfig, ConfigError } from "./config";
import { createLogger } from "./lib/logger";
import { startTandem } from "./start";
import { startWorkers, type Workers } from "./workers";
import { processMetrics } from "./metrics/process-metrics";
import { answerMetricsRequests } from "./metrics/worker-metrics";

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
  const metrics = processMetrics(config.cluster.workerIndex === undefined ? "main" : `worker-${config.cluster.workerIndex}`);
  if (config.cluster.workerIndex !== undefined) answerMetricsRequests();
  const log = createLogger({ level: config.logLevel, json: config.env === "production" && !process.stdout.isTTY });
  const t0 = Date.now();
  let tandem;
  try {
    tandem = await startTandem(config, log);
  } catch (e) {
    log.error(`Tandem could not start: ${(e as Error).message}`);
    process.exit(1);
  }
  const worker = config.cluster.workerIndex;
  if (worker === undefined) log.info(`Tandem is ready on ${tandem.url}`, { startupMs: Date.now() - t0, database: config.databaseUrl ? "DATABASE_URL" : `embedded in ${config.dataDir}`, node: tandem.node.name });
  else log.info(`Tandem polling worker ${worker} is ready`, { startupMs: Date.now() - t0, node: tandem.node.name });
  let workers: Workers | undefined;
  if (worker === undefined && config.cluster.workers > 1) {
    const started = startWorkers({
      count: config.cluster.workers,
      databaseUrl: tandem.databaseUrl,
      secret: tandem.secret,
      log,
      parentNodeId: tandem.node.id,
      onHealth: tandem.receiveWorkerHealth,
    });
    metrics.workers = () => started.metrics();
    workers = started;
  }

  let stoppingSince = 0;
  const shutdown = (signal: string) => {
    if (stoppingSince) {
      // A wrapper (npx, tsx) may relay the signal the process group already got; only a later one means "now".
      if (Date.now() - stoppingSince < 2000) return;
      log.warn(`${signal} again: exiting now`);
      process.exit(1);
    }
    stoppingSince = Date.now();
    log.info(`${signal} received: stopping`);
    const force = setTimeout(() => {
      log.error("shutdown took over 30 s: exiting");
      process.exit(1);
    }, 30_000);
    force.unref();
    (workers?.stop() ?? Promise.resolve()).then(() => tandem.stop()).then(
      () => {
        log.info("stopped cleanly");
        process.exit(0);
      },
      (e: unknown) => {
        log.error("error during shutdown", { err: e as Error });
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

void main();
