// TANDEM_SECRET when given; otherwise a random secret generated once and kept
// in the data directory (mode 0600), so the embedded default needs no setup.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export function loadOrCreateSecret(configured: string | undefined, dataDir: string): { secret: string; source: "env" | "file" | "generated" } {
  if (configured) return { secret: configured, source: "env" };
  const file = path.join(dataDir, "secret.key");
  if (existsSync(file)) return { secret: readFileSync(file, "utf8").trim(), source: "file" };
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret + "\n", { mode: 0o600, flag: "wx" });
  return { secret, source: "generated" };
}
