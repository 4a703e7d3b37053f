// Starts the production server for Playwright on a fresh embedded database in
// a throwaway data directory, exactly as `npm start` would on a new machine.
import { chmodSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startTestIdp, tandemOidcEnv } from "./oidc-idp";

const port = process.env.E2E_PORT ?? "3917";
const dataDir = path.join(tmpdir(), `tandem-e2e-${port}`);
rmSync(dataDir, { recursive: true, force: true });
mkdirSync(dataDir, { recursive: true });
chmodSync(dataDir, 0o755);

Object.assign(process.env, { NODE_ENV: "production", PORT: port, HOST: "127.0.0.1", TANDEM_DATA_DIR: dataDir, TANDEM_DEMO: "1", LOG_LEVEL: "warn" });
delete process.env.DATABASE_URL;
delete process.env.TANDEM_ADMIN_EMAIL;
delete process.env.TANDEM_ADMIN_PASSWORD;
process.on("exit", () => rmSync(dataDir, { recursive: true, force: true }));
// Single sign-on is on for every spec (local sign-in must keep working beside it),
// against a real OpenID provider in this process; E2E_SSO=0 leaves it off.
if (process.env.E2E_SSO !== "0") {
  const idp = await startTestIdp(`http://127.0.0.1:${port}`);
  Object.assign(process.env, tandemOidcEnv(idp.issuer));
}
await import("../server/index");
