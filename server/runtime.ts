// The running process's services, shared between the custom server and the
// route handlers Next.js bundles separately: both load their own copy of the
// server modules, so the one instance lives on globalThis under a symbol.
import type { Config } from "./config";
import type { Db } from "./db/client";
import type { Logger } from "./lib/logger";
import { AppError } from "./errors/app-error";
import type { SecretBox } from "./crypto/secret-box";

export type SessionRevokedListener = (target: { userId: string; sessionId?: string }) => void;

export type Runtime = {
  config: Config;
  db: Db;
  log: Logger;
  version: string;
  startedAt: Date;
  /** Migration names this build expects, in order. */
  expectedMigrations: string[];
  /** Called when a user's sessions must end now (disabled, role changed, logout everywhere). */
  onSessionsRevoked: SessionRevokedListener;
  /** Background services, present once started (absent in tests that do not start them). */
  services: {
    monitoring?: import("./monitoring/monitoring-service").Monitoring;
    simulator?: import("../agents/sim/sim-types").SimFleet;
    operations?: import("./operations/engine").OperationsEngine;
    alerts?: import("./alerts/alert-manager").AlertManager;
    maintenance?: import("./maintenance/maintenance-service").MaintenanceService;
    notifier?: import("./notifications/notifier").Notifier;
  };
  /** This process as a node of the cluster (absent in tests that do not start one). */
  cluster?: import("./cluster/cluster-node").ClusterNode;
  /** How socket.io broadcasts cross the cluster's nodes. */
  realtime?: "local" | "postgres" | "redis";
  /** Seals and opens secrets at rest (credentials, webhook secrets). */
  secretBox: SecretBox;
};

const KEY = Symbol.for("tandem.runtime");
type Holder = { [KEY]?: Runtime };

export function setRuntime(rt: Runtime | undefined): void {
  (globalThis as Holder)[KEY] = rt;
}

export function getRuntime(): Runtime {
  const rt = (globalThis as Holder)[KEY];
  if (!rt) throw new AppError("UNAVAILABLE", "Tandem is starting; try again in a moment", { retryAfter: 2 });
  return rt;
}

export function hasRuntime(): boolean {
  return (globalThis as Holder)[KEY] !== undefined;
}
