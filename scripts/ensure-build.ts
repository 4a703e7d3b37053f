// Runs before `npm start`: builds the production bundle when there is none or
// when sources changed since the last build, so `npm install && npm start` is
// all a fresh machine needs.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const buildId = path.join(root, ".next", "BUILD_ID");
const sources = ["app", "components", "server", "prisma", "next.config.js", "package.json", "tsconfig.json"];
const skip = new Set(["node_modules", ".next", "generated"]);

function newestMtime(p: string): number {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const e of readdirSync(p)) if (!skip.has(e)) max = Math.max(max, newestMtime(path.join(p, e)));
  return max;
}

export function buildIsCurrent(): boolean {
  if (!existsSync(buildId)) return false;
  const built = statSync(buildId).mtimeMs;
  return sources.every((s) => newestMtime(path.join(root, s)) <= built);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (!existsSync(path.join(root, "server", "db", "generated", "client.ts"))) {
    execFileSync("npm", ["run", "db:generate"], { cwd: root, stdio: "inherit" });
  }
  if (buildIsCurrent()) {
    console.log("Production build is current.");
  } else {
    console.log("Building Tandem for production (first start, or sources changed)…");
    execFileSync("npm", ["run", "build"], { cwd: root, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  }
}
