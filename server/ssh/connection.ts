// One SSH connection to one server, kept open and reused for every poll.
// Host keys are pinned: a key that differs from the expected fingerprint ends
// the handshake. TCP no-delay is on (Nagle cost ~40 ms per exec here).
import { createPrivateKey, sign as signWith } from "node:crypto";
import net from "node:net";
import ssh2, { type ClientChannel, type ConnectConfig, type ParsedKey, type PasswordAuthMethod, type PublicKeyAuthMethod } from "ssh2";
import { classifySshError, SshError, SshExecError } from "./ssh-errors";
import { fingerprintOf, keyAlgorithm } from "./fingerprint";

export type SshTarget = {
  /** For messages and errors: the server's name. */
  label: string;
  address: string;
  port: number;
  username: string;
  privateKey?: string;
  passphrase?: string;
  password?: string;
  /** Pinned fingerprint; null = first sight, accept and report it. */
  expectedFingerprint: string | null;
};

const parsedKeys = new Map<string, ParsedKey>();
const PARSED_KEYS_MAX = 256;

/** A private key parsed once per credential (keyed by its text and passphrase). */
function parsedKey(privateKey: string, passphrase: string | undefined): ParsedKey | Error {
  const id = `${passphrase ?? ""}\0${privateKey}`;
  const known = parsedKeys.get(id);
  if (known) return known;
  const r = ssh2.utils.parseKey(privateKey, passphrase);
  const key = Array.isArray(r) ? r[0] : r;
  if (!key) return new Error("no key found");
  if (key instanceof Error) return key;
  if (parsedKeys.size >= PARSED_KEYS_MAX) parsedKeys.clear();
  parsedKeys.set(id, signingWithKeyObject(key));
  return parsedKeys.get(id)!;
}

/**
 * ssh2 signs with the key's PEM text, which OpenSSL parses anew for every
 * signature: in a connection ramp of thousands of servers that was a seventh
 * of Tandem's CPU. The same signature from a key object parsed once. ssh2
 * passes the hash (rsa-sha2-256/512, ecdsa) with each call; Ed25519 has none.
 */
export function signingWithKeyObject(key: ParsedKey): ParsedKey {
  const pem = key.getPrivatePEM();
  if (!pem) return key;
  const keyObject = createPrivateKey(pem);
  const sshSign = key.sign.bind(key);
  key.sign = (data, algo) => {
    if (!algo && key.type !== "ssh-ed25519") return sshSign(data, algo);
    try {
      return signWith(algo ?? null, typeof data === "string" ? Buffer.from(data) : data, keyObject);
    } catch (e) {
      // As ssh2's own sign does (its types say Buffer): the caller checks for an Error.
      return e as Buffer;
    }
  };
  return key;
}

export type ExecResult = { exitCode: number | null; signal: string | null; stdout: string; stderr: string };
export type ExecOptions = { stdin?: string | Buffer; timeoutMs: number; outputCap: number };

export type StreamHandle = { close(): void; readonly closed: boolean };
export type StreamCallbacks = { onLine(line: string): void; onEnd(info: { exitCode: number | null; stderr: string; error?: SshError }): void };

export class SshConnection {
  private client = new ssh2.Client();
  private closedFlag = false;
  private closeListeners: ((err?: SshError) => void)[] = [];
  /** The host key seen at connect. */
  fingerprint: string | null = null;
  algorithm: string | null = null;

  private constructor(readonly target: SshTarget) {}

  static connect(target: SshTarget, opts: { timeoutMs: number; keepaliveMs?: number }): Promise<SshConnection> {
    const conn = new SshConnection(target);
    return conn.open(opts).then(() => conn);
  }

  private open(opts: { timeoutMs: number; keepaliveMs?: number }): Promise<void> {
    const { target } = this;
    return new Promise((resolve, reject) => {
      let settled = false;
      let mismatch: SshError | undefined;
      const fail = (e: unknown) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        sock.destroy();
        this.client.end();
        this.closedFlag = true;
        const err = mismatch ?? classifySshError(e, target.label);
        err.fingerprint = this.fingerprint;
        reject(err);
      };
      // Explicit methods: no "none" attempt first (a round trip per connection), and one
      // parsed key shared by every connection of a credential (ssh2 parses a key string anew
      // for each connection: at thousands of servers that is megabytes of copies).
      const auth: (PublicKeyAuthMethod | PasswordAuthMethod)[] = [];
      if (target.privateKey) {
        const key = parsedKey(target.privateKey, target.passphrase);
        if (key instanceof Error) {
          this.closedFlag = true;
          return reject(new SshError("auth", target.label, `cannot read the private key: ${key.message}`));
        }
        auth.push({ type: "publickey" as const, username: target.username, key });
      }
      if (target.password) auth.push({ type: "password" as const, username: target.username, password: target.password });
      const timer = setTimeout(() => fail(new SshError("timeout", target.label, `no SSH answer within ${opts.timeoutMs} ms`)), opts.timeoutMs);
      const sock = net.connect({ host: target.address, port: target.port });
      sock.setNoDelay(true);
      sock.once("error", fail);
      sock.once("connect", () => {
        sock.off("error", fail);
        const config: ConnectConfig = {
          sock,
          username: target.username,
          readyTimeout: opts.timeoutMs,
          keepaliveInterval: opts.keepaliveMs ?? 15_000,
          keepaliveCountMax: 3,
          hostVerifier: (key: Buffer) => {
            this.fingerprint = fingerprintOf(key);
            this.algorithm = keyAlgorithm(key);
            if (target.expectedFingerprint && target.expectedFingerprint !== this.fingerprint) {
              mismatch = new SshError(
                "host-key-mismatch",
                target.label,
                `host key changed: expected ${target.expectedFingerprint}, got ${this.fingerprint}. Connection refused; if the change is legitimate, re-pin the key.`,
              );
              return false;
            }
            return true;
          },
        };
        config.authHandler = auth;
        this.client.connect(config);
      });
      this.client.once("ready", () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        unpoolRemoteIdent(this.client);
        resolve();
      });
      // ssh2 can emit several errors for one failure (handshake timeout, then "connection
      // lost before handshake"): a persistent listener takes them all; after the handshake
      // they are reported through "close".
      this.client.on("error", (e) => {
        if (!settled) fail(e);
      });
      this.client.on("close", () => {
        const wasOpen = !this.closedFlag;
        this.closedFlag = true;
        if (!settled) fail(new SshError("closed", target.label, "connection closed during handshake"));
        else if (wasOpen) for (const l of this.closeListeners.splice(0)) l(new SshError("closed", target.label, "connection closed"));
      });
    });
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  onClose(listener: (err?: SshError) => void): void {
    if (this.closedFlag) listener();
    else this.closeListeners.push(listener);
  }

  close(): void {
    if (this.closedFlag) return;
    this.closedFlag = true;
    this.client.end();
    for (const l of this.closeListeners.splice(0)) l();
  }

  private channel(command: string): Promise<ClientChannel> {
    return new Promise((resolve, reject) => {
      if (this.closedFlag) return reject(new SshError("closed", this.target.label, "connection is closed"));
      this.client.exec(command, (err, ch) => (err ? reject(classifySshError(err, this.target.label)) : resolve(ch)));
    });
  }

  /** Runs a command; resolves with its exit code and capped output, whatever the code. Times out with SshError("timeout"). */
  async exec(command: string, opts: ExecOptions): Promise<ExecResult> {
    const ch = await this.channel(command);
    return new Promise((resolve, reject) => {
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      let outLen = 0;
      let errLen = 0;
      let done = false;
      const finish = (fn: () => void) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        fn();
      };
      const timer = setTimeout(() => {
        finish(() => reject(new SshError("timeout", this.target.label, `command did not finish within ${opts.timeoutMs} ms`)));
        ch.close();
      }, opts.timeoutMs);
      ch.on("data", (d: Buffer) => {
        outLen += d.length;
        if (outLen > opts.outputCap) {
          finish(() => reject(new SshError("output-too-large", this.target.label, `output exceeded ${opts.outputCap} bytes`)));
          ch.close();
        } else out.push(d);
      });
      ch.stderr.on("data", (d: Buffer) => {
        errLen += d.length;
        if (errLen <= 16_384) err.push(d);
      });
      ch.on("close", (code: number | null, signal: string | null) =>
        finish(() => resolve({ exitCode: code ?? null, signal: signal ?? null, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") })),
      );
      if (opts.stdin !== undefined) ch.end(opts.stdin);
      else ch.end();
    });
  }

  /** exec(), but a non-zero exit is an SshExecError. */
  async run(command: string, opts: ExecOptions): Promise<string> {
    const r = await this.exec(command, opts);
    if (r.exitCode !== 0) throw new SshExecError(this.target.label, command, r.exitCode, r.stderr, r.signal);
    return r.stdout;
  }

  /** A long-lived channel whose stdout is delivered line by line; lines over `lineCap` end it. */
  async stream(command: string, cb: StreamCallbacks, opts: { lineCap: number; stdin?: string | Buffer }): Promise<StreamHandle> {
    const ch = await this.channel(command);
    let buf = "";
    let stderr = "";
    let closed = false;
    let error: SshError | undefined;
    ch.setEncoding("utf8");
    ch.on("data", (chunk: string) => {
      buf += chunk;
      let i: number;
      while ((i = buf.indexOf("\n")) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        if (line) cb.onLine(line);
      }
      if (buf.length > opts.lineCap) {
        error = new SshError("output-too-large", this.target.label, `a line exceeded ${opts.lineCap} bytes`);
        ch.close();
      }
    });
    ch.stderr.on("data", (d: Buffer) => {
      if (stderr.length < 16_384) stderr += d.toString("utf8");
    });
    ch.on("close", (code: number | null) => {
      closed = true;
      cb.onEnd({ exitCode: code ?? null, stderr, error });
    });
    if (opts.stdin !== undefined) ch.end(opts.stdin);
    else ch.end();
    return {
      close: () => {
        if (!closed) ch.close();
      },
      get closed() {
        return closed;
      },
    };
  }
}

/**
 * ssh2 keeps the server's identification line for the life of a connection (re-keys
 * hash it) as a slice of Node's shared 8 kB buffer pool, and that slice keeps the
 * whole slab alive: some 3 kB per polled server measured. Give it memory of its own.
 */
function unpoolRemoteIdent(client: ssh2.Client): void {
  const protocol = (client as unknown as { _protocol?: { _remoteIdentRaw?: unknown } })._protocol;
  const ident = protocol?._remoteIdentRaw;
  if (!protocol || !Buffer.isBuffer(ident) || ident.buffer.byteLength === ident.length) return;
  const own = Buffer.allocUnsafeSlow(ident.length);
  ident.copy(own);
  protocol._remoteIdentRaw = own;
}
