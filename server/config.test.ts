import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config";

describe("loadConfig", () => {
  it("gives a working embedded default with no environment at all", () => {
    const c = loadConfig({}, "/srv/tandem");
    expect(c).toMatchObject({ port: 3000, host: "127.0.0.1", databaseUrl: undefined, dataDir: "/srv/tandem/.tandem", bootstrapAdmin: undefined, trustProxy: false });
    expect(c.session.idleMs).toBe(12 * 3_600_000);
    expect(c.health).toEqual({ downAfter: 3, riseAfter: 2, thresholds: { cpuPct: 90, memPct: 90, diskPct: 90, swapPct: 80, loadPerCpu: 2, lagSec: 30 } });
    expect(c.retention).toEqual({ rawHours: 6, minuteDays: 30, hourDays: 400 });
    expect(c.failoverBrake).toEqual({ max: 3, windowMs: 10 * 60_000 });
  });

  it("reads the fleet-wide failover brake", () => {
    expect(loadConfig({ TANDEM_FAILOVER_BRAKE_MAX: "5", TANDEM_FAILOVER_BRAKE_MINUTES: "30" }).failoverBrake).toEqual({ max: 5, windowMs: 30 * 60_000 });
    expect(() => loadConfig({ TANDEM_FAILOVER_BRAKE_MAX: "0" })).toThrow(ConfigError);
  });

  it("bounds the servers /metrics exports series for", () => {
    expect(loadConfig({}).metrics).toEqual({ maxServers: 5000 });
    expect(loadConfig({ TANDEM_METRICS_MAX_SERVERS: "0" }).metrics).toEqual({ maxServers: 0 });
    expect(() => loadConfig({ TANDEM_METRICS_MAX_SERVERS: "-1" })).toThrow(ConfigError);
  });

  it("reads overrides, resolving the data dir against the working directory", () => {
    const c = loadConfig({ PORT: "8080", TANDEM_DATA_DIR: "data", DATABASE_URL: "postgresql://u:p@db:5432/tandem", TANDEM_TRUST_PROXY: "true", TANDEM_ADMIN_EMAIL: "a@b.test", TANDEM_ADMIN_PASSWORD: "twelve chars!" }, "/x");
    expect(c).toMatchObject({ port: 8080, dataDir: "/x/data", databaseUrl: "postgresql://u:p@db:5432/tandem", trustProxy: true, bootstrapAdmin: { email: "a@b.test", password: "twelve chars!", name: "Administrator" } });
  });

  it("treats empty variables as unset", () => {
    expect(loadConfig({ PORT: "", DATABASE_URL: "" }).databaseUrl).toBeUndefined();
  });

  it("names every bad variable in one error", () => {
    let err: unknown;
    try {
      loadConfig({ PORT: "eighty", TANDEM_SECRET: "short", DATABASE_URL: "not a url" });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const msg = (err as Error).message;
    expect(msg).toContain("PORT");
    expect(msg).toContain("TANDEM_SECRET");
    expect(msg).toContain("DATABASE_URL");
  });

  it("wants the bootstrap admin's email and password together", () => {
    expect(() => loadConfig({ TANDEM_ADMIN_EMAIL: "a@b.test" })).toThrow(/must be set together/);
  });
});

describe("loadConfig: OpenID Connect", () => {
  it("is off unless the issuer is set", () => {
    expect(loadConfig({}).oidc).toBeUndefined();
  });

  it("reads the issuer, client, group lists and default role", () => {
    const c = loadConfig({
      TANDEM_OIDC_ISSUER: "https://idp.example.test/realms/corp",
      TANDEM_OIDC_CLIENT_ID: "tandem",
      TANDEM_OIDC_CLIENT_SECRET: "s3cret",
      TANDEM_OIDC_ADMIN_GROUPS: "tandem-admins",
      TANDEM_OIDC_OPERATOR_GROUPS: " sre , tandem-operators ,",
      TANDEM_OIDC_DEFAULT_ROLE: "viewer",
      TANDEM_OIDC_LABEL: "Corp SSO",
    }).oidc;
    expect(c).toMatchObject({
      issuer: "https://idp.example.test/realms/corp",
      clientId: "tandem",
      clientSecret: "s3cret",
      redirectUrl: undefined,
      scopes: "openid email profile",
      roleClaim: "groups",
      groups: { ADMIN: ["tandem-admins"], OPERATOR: ["sre", "tandem-operators"], VIEWER: [] },
      defaultRole: "VIEWER",
      label: "Corp SSO",
      allowHttp: false,
    });
    expect(loadConfig({ TANDEM_OIDC_ISSUER: "https://idp.test", TANDEM_OIDC_CLIENT_ID: "t" }).oidc?.defaultRole).toBeNull();
  });

  it("wants the issuer and client id together, and https except on loopback", () => {
    expect(() => loadConfig({ TANDEM_OIDC_ISSUER: "https://idp.test" })).toThrow(/must be set together/);
    expect(() => loadConfig({ TANDEM_OIDC_ISSUER: "http://idp.test", TANDEM_OIDC_CLIENT_ID: "t" })).toThrow(/https/);
    expect(loadConfig({ TANDEM_OIDC_ISSUER: "http://127.0.0.1:4000", TANDEM_OIDC_CLIENT_ID: "t" }).oidc?.allowHttp).toBe(true);
  });
});
