// Route handlers served over real HTTP on a loopback port, the way the custom
// server hands requests to Next.js: for tests where a real client (curl,
// ansible-inventory, Prometheus) must reach Tandem's API.
import { createServer, type Server } from "node:http";
import { REMOTE_ADDR_HEADER } from "../../server/http/request-meta";

type Handler = (req: Request) => Promise<Response>;

export type RouteServer = { url: string; port: number; close(): Promise<void> };

/** `routes`: "GET /metrics" -> handler; anything else answers 404. */
export async function serveRoutes(routes: Record<string, Handler>): Promise<RouteServer> {
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const handler = routes[`${req.method} ${url.pathname}`];
    if (!handler) return void res.writeHead(404).end();
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string" && k !== REMOTE_ADDR_HEADER) headers.set(k, v);
    headers.set(REMOTE_ADDR_HEADER, req.socket.remoteAddress ?? "");
    handler(new Request(url, { method: req.method, headers }))
      .then(async (r) => {
        res.writeHead(r.status, Object.fromEntries(r.headers));
        res.end(Buffer.from(await r.arrayBuffer()));
      })
      .catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
