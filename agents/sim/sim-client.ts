// A minimal ssh2 client for talking to virtual hosts from tests and benchmarks
// (Tandem's own poller lives in server/ssh and server/poller).
import net from "node:net";
import ssh2 from "ssh2";
import { fingerprintOf } from "./host-keys";

export type SimClientTarget = { address: string; port: number; username: string; password?: string; privateKey?: string };
export type SimExecResult = { code: number | null; stdout: string; stderr: string; ms: number };

export type SimClient = { client: ssh2.Client; fingerprint: string; end(): void };

export function connectSim(t: SimClientTarget, opts: { timeoutMs?: number; expectFingerprint?: string } = {}): Promise<SimClient> {
  return new Promise((resolve, reject) => {
    const sock = net.connect({ host: t.address, port: t.port });
    sock.setNoDelay(true);
    const client = new ssh2.Client();
    let fingerprint = "";
    const timeoutMs = opts.timeoutMs ?? 5000;
    const fail = (err: Error) => {
      clearTimeout(timer);
      // ssh2 may report the same failure more than once while tearing down.
      client.on("error", () => {});
      sock.on("error", () => {});
      sock.destroy();
      client.end();
      reject(err);
    };
    // readyTimeout only starts after TCP connects; this covers the whole attempt.
    const timer = setTimeout(() => fail(Object.assign(new Error("timed out"), { code: "ETIMEDOUT" })), timeoutMs);
    sock.once("error", fail);
    client.once("error", fail);
    client.once("ready", () => {
      clearTimeout(timer);
      sock.off("error", fail);
      client.off("error", fail);
      client.on("error", () => {});
      resolve({ client, fingerprint, end: () => client.end() });
    });
    client.connect({
      sock,
      username: t.username,
      password: t.password,
      privateKey: t.privateKey,
      readyTimeout: timeoutMs,
      hostVerifier: (key: Buffer) => {
        fingerprint = fingerprintOf(key);
        return !opts.expectFingerprint || opts.expectFingerprint === fingerprint;
      },
    });
  });
}

export function execSim(c: SimClient, command: string, opts: { stdin?: string | Buffer; timeoutMs?: number } = {}): Promise<SimExecResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    c.client.exec(command, (err, ch) => {
      if (err) return reject(err);
      let stdout = "";
      let stderr = "";
      let code: number | null = null;
      const timer = setTimeout(() => {
        ch.close();
        reject(Object.assign(new Error(`no answer within ${opts.timeoutMs ?? 5000} ms`), { code: "ETIMEDOUT" }));
      }, opts.timeoutMs ?? 5000);
      ch.on("data", (d: Buffer) => (stdout += d.toString()));
      ch.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      ch.on("exit", (c: number | null) => (code = c));
      ch.on("close", () => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr, ms: performance.now() - started });
      });
      ch.end(opts.stdin);
    });
  });
}
