// API mutations run on the leader: it alone drives operations, evaluates alerts
// and owns the simulator, so a follower forwards every non-GET /api/v1 request
// (and the simulator's) to the leader's URL as it came, cookies and all; the
// leader authenticates and checks it as if the browser had sent it directly.
// The browser's address and protocol travel in a header signed with the
// cluster's shared secret, so audit records name the person's address, not
// the follower's, and nobody outside the cluster can forge one.
import { createHmac, timingSafeEqual } from "node:crypto";
import { request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import { request as httpsRequest } from "node:https";
import type { Db } from "../db/client";
import type { Logger } from "../lib/logger";

export const FORWARDED_HEADER = "x-tandem-forwarded";
const MAX_SKEW_MS = 60_000;

/** Paths that stay on the node a browser talks to: signing in and out, one's own account. */
const LOCAL_MUTATIONS = [/^\/api\/v1\/auth\//, /^\/api\/v1\/account\//, /^\/api\/v1\/setup$/];

export function isLeaderBound(method: string, url: string): boolean {
  const path = url.split("?")[0]!;
  if (!path.startsWith("/api/v1/")) return false;
  if (path.startsWith("/api/v1/simulator")) return true; // the demo fleet lives in the leader's process
  if (method === "GET" || method === "HEAD" || method === "OPTIONS") return false;
  return !LOCAL_MUTATIONS.some((re) => re.test(path));
}

export type ForwardedFacts = { addr: string; proto: "http" | "https"; fromNode: string };

function sign(key: Buffer, payload: string): string {
  return createHmac("sha256", key).update(payload).digest("base64url");
}

export function forwardKey(secret: string): Buffer {
  return createHmac("sha256", secret).update("tandem cluster forwarding v1").digest();
}

export function signForwarded(key: Buffer, facts: ForwardedFacts, at = Date.now()): string {
  const payload = [facts.fromNode, encodeURIComponent(facts.addr), facts.proto, String(at)].join(";");
  return `${payload};${sign(key, payload)}`;
}

/** The facts a follower vouched for, or null when the header is absent, forged or stale. */
export function verifyForwarded(key: Buffer, header: string | undefined, now = Date.now()): ForwardedFacts | null {
  if (!header) return null;
  const parts = header.split(";");
  if (parts.length !== 5) return null;
  const [fromNode, addr, proto, at, mac] = parts as [string, string, string, string, string];
  const want = Buffer.from(sign(key, parts.slice(0, 4).join(";")));
  const got = Buffer.from(mac);
  if (want.length !== got.length || !timingSafeEqual(want, got)) return null;
  if (!/^\d+$/.test(at) || Math.abs(now - Number(at)) > MAX_SKEW_MS) return null;
  if (proto !== "http" && proto !== "https") return null;
  return { fromNode, addr: decodeURIComponent(addr), proto };
}

export type LeaderProxy = {
  /** True when this request was forwarded (answered or refused); false: handle it here. */
  handle(req: IncomingMessage, res: ServerResponse, facts: { addr: string; proto: "http" | "https" }): Promise<boolean>;
};

export function createLeaderProxy(o: { db: Db; nodeId: string; selfUrl: string; isLeader(): boolean; secret: string; log: Logger }): LeaderProxy {
  const key = forwardKey(o.secret);
  let cached: { url: string | null; at: number } = { url: null, at: 0 };

  async function leaderUrl(): Promise<string | null> {
    if (Date.now() - cached.at < 1000) return cached.url;
    const rows = await o.db.$queryRaw<{ url: string | null }[]>`
      SELECT n.url FROM "ClusterLeader" l JOIN "ClusterNode" n ON n.id = l."nodeId"
       WHERE l.id = 1 AND l."expiresAt" > now() AND n.id <> ${o.nodeId}::uuid`;
    cached = { url: rows[0]?.url ?? null, at: Date.now() };
    return cached.url;
  }

  const refuse = (res: ServerResponse, message: string) => {
    res.writeHead(503, { "content-type": "application/problem+json", "retry-after": "2" });
    res.end(JSON.stringify({ type: "about:blank", title: "Service Unavailable", status: 503, code: "UNAVAILABLE", detail: message }));
  };

  return {
    async handle(req, res, facts) {
      if (o.isLeader() || !isLeaderBound(req.method ?? "GET", req.url ?? "/")) return false;
      // Already forwarded once: the leader moved meanwhile; never bounce a request around the cluster.
      if (req.headers[FORWARDED_HEADER]) {
        refuse(res, "The Tandem leader changed while this request travelled; try again in a moment");
        return true;
      }
      // No other node leads (this one is starting, or an election is under way): handle it here.
      // Plain writes work; what needs the leader's engines answers 503 until one runs.
      // The leader row may still name this node's previous run (same URL) until this run retires it.
      const url = await leaderUrl().catch(() => null);
      if (!url || url === o.selfUrl) return false;
      const target = new URL(req.url ?? "/", url);
      const headers = { ...req.headers, [FORWARDED_HEADER]: signForwarded(key, { ...facts, fromNode: o.nodeId }) };
      const send = target.protocol === "https:" ? httpsRequest : httpRequest;
      await new Promise<void>((resolve) => {
        const up = send(target, { method: req.method, headers, timeout: 60_000 }, (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
          answer.on("end", resolve);
          answer.on("error", resolve);
        });
        up.on("timeout", () => up.destroy(new Error("the leader did not answer within 60 s")));
        up.on("error", (e) => {
          o.log.warn("forwarding to the leader failed", { url: target.origin, err: e });
          cached.at = 0;
          if (!res.headersSent) refuse(res, `The Tandem leader did not answer (${e.message}); try again in a moment`);
          else res.destroy();
          resolve();
        });
        req.pipe(up);
      });
      return true;
    },
  };
}
