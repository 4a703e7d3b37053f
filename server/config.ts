// The only reader of process.env. Everything else receives a parsed Config.
import path from "node:path";
import { z } from "zod";
import type { HealthPolicy } from "./health/health.types";
import type { Retention } from "./history/partitions";
import type { TRole } from "./auth/roles";

const ZBool = z
  .enum(["1", "0", "true", "false", "yes", "no"])
  .transform((v) => v === "1" || v === "true" || v === "yes");

const ZEnv = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATABASE_URL: z.string().url().optional(),
  TANDEM_DATA_DIR: z.string().min(1).default(".tandem"),
  TANDEM_SECRET: z.string().min(32, "TANDEM_SECRET must be at least 32 characters").optional(),
  TANDEM_ADMIN_EMAIL: z.string().email().optional(),
  TANDEM_ADMIN_PASSWORD: z.string().min(12, "TANDEM_ADMIN_PASSWORD must be at least 12 characters").optional(),
  TANDEM_ADMIN_NAME: z.string().min(1).default("Administrator"),
  TANDEM_SESSION_IDLE_HOURS: z.coerce.number().positive().default(12),
  TANDEM_SESSION_MAX_DAYS: z.coerce.number().positive().default(7),
  TANDEM_PUBLIC_URL: z.string().url().optional(),
  TANDEM_TRUST_PROXY: ZBool.default(false),
  TANDEM_COOKIE_SECURE: z.enum(["auto", "true", "false"]).default("auto"),
  TANDEM_LOGIN_MAX_FAILURES: z.coerce.number().int().positive().default(5),
  TANDEM_LOGIN_WINDOW_MINUTES: z.coerce.number().positive().default(15),
  TANDEM_DEMO: ZBool.optional(),
  TANDEM_HEALTH_DOWN_AFTER: z.coerce.number().int().min(1).max(100).default(3),
  TANDEM_HEALTH_RISE_AFTER: z.coerce.number().int().min(1).max(100).default(2),
  TANDEM_THRESHOLD_CPU_PCT: z.coerce.number().min(1).max(100).default(90),
  TANDEM_THRESHOLD_MEM_PCT: z.coerce.number().min(1).max(100).default(90),
  TANDEM_THRESHOLD_DISK_PCT: z.coerce.number().min(1).max(100).default(90),
  TANDEM_THRESHOLD_SWAP_PCT: z.coerce.number().min(1).max(100).default(80),
  TANDEM_THRESHOLD_LOAD_PER_CPU: z.coerce.number().positive().default(2),
  TANDEM_THRESHOLD_LAG_SEC: z.coerce.number().positive().default(30),
  TANDEM_RETENTION_RAW_HOURS: z.coerce.number().int().min(1).max(24 * 14).default(6),
  TANDEM_RETENTION_MINUTE_DAYS: z.coerce.number().int().min(1).max(366).default(30),
  TANDEM_RETENTION_HOUR_DAYS: z.coerce.number().int().min(1).max(3660).default(400),
  TANDEM_FAILOVER_BRAKE_MAX: z.coerce.number().int().min(1).max(1000).default(3),
  TANDEM_FAILOVER_BRAKE_MINUTES: z.coerce.number().positive().max(10_080).default(10),
  TANDEM_DRILL_MAX_AGE_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  TANDEM_METRICS_MAX_SERVERS: z.coerce.number().int().min(0).max(1_000_000).default(5000),
  TANDEM_SSH_CONNECTS: z.coerce.number().int().min(1).max(1024).default(32),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  // Tandem as a cluster (README "Running several nodes").
  TANDEM_NODE_NAME: z.string().regex(/^[\w.:@-]{1,100}$/, "TANDEM_NODE_NAME: letters, digits and . : @ _ - only").optional(),
  TANDEM_NODE_URL: z.string().url().optional(),
  TANDEM_LEASE_SECONDS: z.coerce.number().min(2).max(300).default(10),
  TANDEM_LEASE_PACE: z.coerce.number().int().min(1).max(100_000).default(2000),
  TANDEM_LEADER_ELIGIBLE: ZBool.default(true),
  TANDEM_WORKERS: z.coerce.number().int().min(1).max(64).default(1),
  /** Set by the supervisor on the polling workers it forks; not for people. */
  TANDEM_WORKER_INDEX: z.coerce.number().int().min(1).max(64).optional(),
  /** Set by the supervisor too: its own node id, the one a worker relays its health to over IPC. */
  TANDEM_PARENT_NODE: z.string().uuid().optional(),
  REDIS_URL: z.string().url().optional(),
  // Single sign-on with OpenID Connect (docs/integrations/single-sign-on.md); off unless the issuer is set.
  TANDEM_OIDC_ISSUER: z.string().url().optional(),
  TANDEM_OIDC_CLIENT_ID: z.string().min(1).optional(),
  TANDEM_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  TANDEM_OIDC_REDIRECT_URL: z.string().url().optional(),
  TANDEM_OIDC_SCOPES: z.string().min(1).default("openid email profile"),
  TANDEM_OIDC_ROLE_CLAIM: z.string().regex(/^[\w:/.-]{1,200}$/, "TANDEM_OIDC_ROLE_CLAIM: a claim name, dots for nesting (realm_access.roles)").default("groups"),
  TANDEM_OIDC_ADMIN_GROUPS: z.string().default(""),
  TANDEM_OIDC_OPERATOR_GROUPS: z.string().default(""),
  TANDEM_OIDC_VIEWER_GROUPS: z.string().default(""),
  TANDEM_OIDC_DEFAULT_ROLE: z.enum(["none", "VIEWER", "OPERATOR", "ADMIN", "viewer", "operator", "admin"]).default("none"),
  TANDEM_OIDC_LABEL: z.string().min(1).max(60).default("single sign-on"),
});

const commaList = (v: string): string[] => v.split(",").map((s) => s.trim()).filter(Boolean);

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

export type Config = {
  env: "development" | "production" | "test";
  port: number;
  host: string;
  /** Absent: Tandem runs its embedded PostgreSQL in dataDir. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** Absent: a key is generated once and kept in dataDir (see server/lib/secret-key.ts). */
  secret: string | undefined;
  bootstrapAdmin: { email: string; password: string; name: string } | undefined;
  session: { idleMs: number; maxAgeMs: number };
  publicUrl: string | undefined;
  trustProxy: boolean;
  cookieSecure: "auto" | "always" | "never";
  loginLimit: { maxFailures: number; windowMs: number };
  demo: boolean | undefined;
  health: HealthPolicy;
  retention: Retention;
  /** Fleet-wide brake on automatic failovers: at most `max` in `windowMs`, then wait for a person. */
  failoverBrake: { max: number; windowMs: number };
  /** A group whose last passing live drill is older than this is flagged. */
  drillMaxAgeDays: number;
  /** GET /metrics: per-server series for at most this many servers (label cardinality bound); the rest are counted as dropped. */
  metrics: { maxServers: number };
  /** SSH handshakes in flight at once per Tandem process (connection ramps, lease takeovers). */
  sshConnects: number;
  logLevel: "debug" | "info" | "warn" | "error";
  cluster: {
    /** Stable node name; default host:port (or host-w<N> for a worker). */
    nodeName: string | undefined;
    /** Where other nodes reach this one (forwarded API requests); default http://<host>:<port>. */
    nodeUrl: string | undefined;
    leaseMs: number;
    /** Server leases claimed or handed back per tick, at most. */
    leasePace: number;
    leaderEligible: boolean;
    /** Processes on this machine: this one (web, leader-eligible) and workers - 1 polling workers. */
    workers: number;
    /** Set in a polling worker: no web server, never leader. */
    workerIndex: number | undefined;
    /** In a polling worker: the node that forked it (its health goes there over IPC). */
    parentNodeId: string | undefined;
    redisUrl: string | undefined;
  };
  /** OpenID Connect single sign-on; absent: only local accounts sign in. */
  oidc: OidcConfig | undefined;
};

export type OidcConfig = {
  issuer: string;
  clientId: string;
  /** Absent: a public client (PKCE only). */
  clientSecret: string | undefined;
  /** Absent: <public URL or request origin>/api/v1/auth/oidc/callback. */
  redirectUrl: string | undefined;
  scopes: string;
  /** Claim holding the user's groups; dots reach into objects (realm_access.roles). */
  roleClaim: string;
  groups: Record<TRole, string[]>;
  /** Role for a user in none of the groups; null refuses them. */
  defaultRole: TRole | null;
  /** The button reads "Sign in with <label>". */
  label: string;
  /** Plain http to the issuer, allowed only on loopback (tests, a local IdP). */
  allowHttp: boolean;
};

export class ConfigError extends Error {
  override name = "ConfigError";
}

export function loadConfig(env: Record<string, string | undefined> = process.env, cwd = process.cwd()): Config {
  // Empty strings count as unset, as in most shells' `VAR= cmd`.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = ZEnv.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  if ((e.TANDEM_ADMIN_EMAIL === undefined) !== (e.TANDEM_ADMIN_PASSWORD === undefined)) {
    throw new ConfigError("Invalid configuration:\n  TANDEM_ADMIN_EMAIL and TANDEM_ADMIN_PASSWORD must be set together");
  }
  if ((e.TANDEM_OIDC_ISSUER === undefined) !== (e.TANDEM_OIDC_CLIENT_ID === undefined)) {
    throw new ConfigError("Invalid configuration:\n  TANDEM_OIDC_ISSUER and TANDEM_OIDC_CLIENT_ID must be set together");
  }
  const issuerUrl = e.TANDEM_OIDC_ISSUER ? new URL(e.TANDEM_OIDC_ISSUER) : undefined;
  if (issuerUrl && issuerUrl.protocol !== "https:" && !(issuerUrl.protocol === "http:" && LOOPBACK.has(issuerUrl.hostname))) {
    throw new ConfigError("Invalid configuration:\n  TANDEM_OIDC_ISSUER must be an https URL (plain http only on 127.0.0.1 or localhost)");
  }
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(cwd, e.TANDEM_DATA_DIR),
    secret: e.TANDEM_SECRET,
    bootstrapAdmin:
      e.TANDEM_ADMIN_EMAIL && e.TANDEM_ADMIN_PASSWORD
        ? { email: e.TANDEM_ADMIN_EMAIL, password: e.TANDEM_ADMIN_PASSWORD, name: e.TANDEM_ADMIN_NAME }
        : undefined,
    session: { idleMs: e.TANDEM_SESSION_IDLE_HOURS * 3_600_000, maxAgeMs: e.TANDEM_SESSION_MAX_DAYS * 86_400_000 },
    publicUrl: e.TANDEM_PUBLIC_URL,
    trustProxy: e.TANDEM_TRUST_PROXY,
    cookieSecure: e.TANDEM_COOKIE_SECURE === "true" ? "always" : e.TANDEM_COOKIE_SECURE === "false" ? "never" : "auto",
    loginLimit: { maxFailures: e.TANDEM_LOGIN_MAX_FAILURES, windowMs: e.TANDEM_LOGIN_WINDOW_MINUTES * 60_000 },
    demo: e.TANDEM_DEMO,
    health: {
      downAfter: e.TANDEM_HEALTH_DOWN_AFTER,
      riseAfter: e.TANDEM_HEALTH_RISE_AFTER,
      thresholds: {
        cpuPct: e.TANDEM_THRESHOLD_CPU_PCT,
        memPct: e.TANDEM_THRESHOLD_MEM_PCT,
        diskPct: e.TANDEM_THRESHOLD_DISK_PCT,
        swapPct: e.TANDEM_THRESHOLD_SWAP_PCT,
        loadPerCpu: e.TANDEM_THRESHOLD_LOAD_PER_CPU,
        lagSec: e.TANDEM_THRESHOLD_LAG_SEC,
      },
    },
    retention: { rawHours: e.TANDEM_RETENTION_RAW_HOURS, minuteDays: e.TANDEM_RETENTION_MINUTE_DAYS, hourDays: e.TANDEM_RETENTION_HOUR_DAYS },
    failoverBrake: { max: e.TANDEM_FAILOVER_BRAKE_MAX, windowMs: e.TANDEM_FAILOVER_BRAKE_MINUTES * 60_000 },
    drillMaxAgeDays: e.TANDEM_DRILL_MAX_AGE_DAYS,
    metrics: { maxServers: e.TANDEM_METRICS_MAX_SERVERS },
    sshConnects: e.TANDEM_SSH_CONNECTS,
    logLevel: e.LOG_LEVEL,
    cluster: {
      nodeName: e.TANDEM_NODE_NAME,
      nodeUrl: e.TANDEM_NODE_URL,
      leaseMs: Math.round(e.TANDEM_LEASE_SECONDS * 1000),
      leasePace: e.TANDEM_LEASE_PACE,
      leaderEligible: e.TANDEM_WORKER_INDEX === undefined && e.TANDEM_LEADER_ELIGIBLE,
      workers: e.TANDEM_WORKERS,
      workerIndex: e.TANDEM_WORKER_INDEX,
      parentNodeId: e.TANDEM_WORKER_INDEX === undefined ? undefined : e.TANDEM_PARENT_NODE,
      redisUrl: e.REDIS_URL,
    },
    oidc:
      e.TANDEM_OIDC_ISSUER && e.TANDEM_OIDC_CLIENT_ID
        ? {
            issuer: e.TANDEM_OIDC_ISSUER,
            clientId: e.TANDEM_OIDC_CLIENT_ID,
            clientSecret: e.TANDEM_OIDC_CLIENT_SECRET,
            redirectUrl: e.TANDEM_OIDC_REDIRECT_URL,
            scopes: e.TANDEM_OIDC_SCOPES,
            roleClaim: e.TANDEM_OIDC_ROLE_CLAIM,
            groups: {
              ADMIN: commaList(e.TANDEM_OIDC_ADMIN_GROUPS),
              OPERATOR: commaList(e.TANDEM_OIDC_OPERATOR_GROUPS),
              VIEWER: commaList(e.TANDEM_OIDC_VIEWER_GROUPS),
            },
            defaultRole: e.TANDEM_OIDC_DEFAULT_ROLE === "none" ? null : (e.TANDEM_OIDC_DEFAULT_ROLE.toUpperCase() as TRole),
            label: e.TANDEM_OIDC_LABEL,
            allowHttp: issuerUrl?.protocol === "http:",
          }
        : undefined,
  };
}
