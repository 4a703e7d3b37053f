// A loopback HTTP receiver for the notification tests: records every request
// and answers as the test says, with statuses scripted per path for retries.
import http from "node:http";
import type { AddressInfo } from "node:net";

export type Received = { path: string; headers: http.IncomingHttpHeaders; raw: string; body: any }; // eslint-disable-line @typescript-eslint/no-explicit-any
export type Reply = { status: number; headers?: Record<string, string>; body?: string };

export type HttpReceiver = {
  /** http://127.0.0.1:<port> */
  base: string;
  received: Received[];
  /** Per path: statuses to answer in turn (the last repeats); 0 or unset: the default answer. */
  script: Map<string, number[]>;
  hits(path: string): Received[];
  close(): Promise<void>;
};

/** `answer` gets the request and the scripted status for its path (null when none). */
export async function startHttpReceiver(answer: (r: Received, scripted: number | null) => Reply): Promise<HttpReceiver> {
  const received: Received[] = [];
  const script = new Map<string, number[]>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const r: Received = { path: req.url ?? "/", headers: req.headers, raw, body: raw ? JSON.parse(raw) : null };
      received.push(r);
      const plan = script.get(r.path);
      const scripted = plan ? (plan.length > 1 ? plan.shift()! : plan[0]!) || null : null;
      const reply = answer(r, scripted);
      res.writeHead(reply.status, reply.headers).end(reply.body ?? "");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    script,
    hits: (path) => received.filter((r) => r.path === path),
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** Polls `probe` every 20 ms until it gives a truthy value, or fails naming `what`. */
export async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false> | T | null | undefined | false, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
