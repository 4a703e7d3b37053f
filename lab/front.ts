// What clients reach: a small HTTP web pool and, in front of it and of the
// PostgreSQL pair, HAProxy in its own namespace (TCP for PostgreSQL, HTTP for
// the pool), with its runtime API on the lab network for Tandem.
import { writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import type { LabHost } from "./topology";
import { waitFor } from "./sh";

export const PG_BACKEND = "pg";
export const WEB_BACKEND = "web";
export const WEB_PORT = 8080;
export const RUNTIME_PORT = 9999;

/** A tiny HTTP server on each web host, answering with its name. */
export async function startWebPool(hosts: LabHost[]): Promise<void> {
  const script = `require("node:http").createServer((q, s) => s.end(process.argv[1] + "\\n")).listen(${WEB_PORT}, process.argv[2])`;
  for (const h of hosts) {
    h.spawn([process.execPath, "-e", script, h.name, h.address], { asUser: true }).unref();
    await waitFor(`the web server on ${h.name}`, async () => (await fetch(`http://${h.address}:${WEB_PORT}/`, { signal: AbortSignal.timeout(1000) })).ok, 10_000);
  }
}

export type Front = { pgAddress: string; pgPort: number; webUrl: string; runtimeAddress: string; restart(): Promise<void> };

/**
 * HAProxy on `lb`: the PostgreSQL backend starts with `primary` in rotation and
 * `standby` in maintenance (as Tandem leaves a pair); the web pool has both.
 * restart() puts that state back between scenarios.
 */
export async function startFront(lb: LabHost, dir: string, db: { primary: LabHost; standby: LabHost }, web: LabHost[]): Promise<Front> {
  const cfg = path.join(dir, "haproxy.cfg");
  const pidfile = path.join(dir, "haproxy.pid");
  writeFileSync(
    cfg,
    [
      "global",
      `  stats socket ipv4@${lb.address}:${RUNTIME_PORT} level admin`,
      "  stats timeout 30s",
      "defaults",
      "  timeout connect 1s",
      "  timeout client 30s",
      "  timeout server 30s",
      `frontend ${PG_BACKEND}`,
      "  mode tcp",
      `  bind ${lb.address}:5432`,
      `  default_backend ${PG_BACKEND}`,
      `backend ${PG_BACKEND}`,
      "  mode tcp",
      // A server taken out of rotation loses its sessions at once: a client must not keep writing to a fenced primary.
      `  server ${db.primary.name} ${db.primary.address}:5432 check inter 1s on-marked-down shutdown-sessions`,
      `  server ${db.standby.name} ${db.standby.address}:5432 check inter 1s on-marked-down shutdown-sessions disabled`,
      `frontend ${WEB_BACKEND}`,
      "  mode http",
      `  bind ${lb.address}:80`,
      `  default_backend ${WEB_BACKEND}`,
      `backend ${WEB_BACKEND}`,
      "  mode http",
      ...web.map((w) => `  server ${w.name} ${w.address}:${WEB_PORT} check inter 1s`),
      "",
    ].join("\n"),
  );
  const start = async () => {
    await lb.exec(["/usr/sbin/haproxy", "-D", "-f", cfg, "-p", pidfile]);
    await waitFor("HAProxy's runtime API", () => runtimeAnswers(lb.address), 10_000);
  };
  await start();
  return {
    pgAddress: lb.address,
    pgPort: 5432,
    webUrl: `http://${lb.address}/`,
    runtimeAddress: `${lb.address}:${RUNTIME_PORT}`,
    async restart() {
      await lb.exec(["sh", "-c", `kill $(cat ${pidfile}) 2>/dev/null; sleep 0.2`], { check: false });
      await start();
    },
  };
}

function runtimeAnswers(address: string): Promise<boolean> {
  return new Promise((resolve) => {
    let text = "";
    const sock = net.connect({ host: address, port: RUNTIME_PORT }, () => sock.end("show info\n"));
    sock.setTimeout(2000, () => sock.destroy());
    sock.on("data", (d) => (text += d.toString()));
    sock.on("error", () => undefined);
    sock.on("close", () => resolve(text.includes("Name: HAProxy")));
  });
}
