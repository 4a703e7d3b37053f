// Polls one server over one persistent SSH connection: connect (bounded by a
// shared semaphore), pin the host key on first sight, install the agent when
// missing, then either stream (one channel, a line per interval) or exec per
// interval. Every poll ends in exactly one outcome for the health engine;
// nothing here throws past its own loop.
import type { Logger } from "../lib/logger";
import type { PollOutcome } from "../health/health.types";
import { AGENT_OUTPUT_CAP_BYTES } from "../agent/agent-sample.types";
import { AGENT_MISSING_EXIT, agentScript, installAgentCommand, runAgentCommand } from "../agent/agent-command";
import { SshConnection, type StreamHandle } from "../ssh/connection";
import { SshError } from "../ssh/ssh-errors";
import { parseAgentOutput } from "./parse-agent-output";
import type { PollTarget } from "./poll-target";
import type { Semaphore } from "./semaphore";

/** SSH keepalive period: long enough to cost nothing per poll, short enough for NAT tables (often 60 s and up). */
const KEEPALIVE_MS = 15_000;

export type HostPollerDeps = {
  report(serverId: string, outcome: PollOutcome): void;
  /** First sight of a host key: resolves once it is stored as the pin (polling waits for that). */
  pinHostKey(serverId: string, fingerprint: string, algorithm: string | null): Promise<void>;
  /** How long a first-sight pin may take to be stored before the attempt counts as failed. */
  pinWaitMs: number;
  connectSlots: Semaphore;
  log: Logger;
  connectTimeoutMs: number;
  /** Extra time a stream line or an exec may take beyond the interval. */
  graceMs: number;
  /** Cap on reconnect back-off. */
  maxBackoffMs: number;
};

type Phase = "idle" | "connecting" | "polling" | "waiting" | "stopped";

function failureKind(e: unknown): Extract<PollOutcome, { ok: false }>["kind"] {
  if (e instanceof SshError) {
    if (e.kind === "host-key-mismatch") return "host-key";
    if (e.kind === "auth") return "auth";
    if (e.kind === "timeout") return "timeout";
    if (e.kind === "output-too-large") return "agent";
    if (e.kind === "local") return "local";
  }
  return "connect";
}

export class HostPoller {
  private conn: SshConnection | undefined;
  private stream: StreamHandle | undefined;
  private timer: NodeJS.Timeout | undefined;
  private watchdog: NodeJS.Timeout | undefined;
  private phase: Phase = "idle";
  private connectFailures = 0;
  private missedLines = 0;
  private streamGeneration = 0;
  private installedHere = false;
  private extraSample: NodeJS.Timeout | undefined;
  /** When the scheduled tick runs (ms since the epoch). */
  private dueAt = 0;

  constructor(
    public target: PollTarget,
    private readonly deps: HostPollerDeps,
  ) {}

  /** Read through a method: stop() may run while we await, which TypeScript's narrowing cannot see. */
  private isStopped(): boolean {
    return this.phase === "stopped";
  }

  get connected(): boolean {
    return Boolean(this.conn && !this.conn.closed);
  }

  start(): void {
    if (this.phase !== "idle") return;
    // Jittered start: a thousand pollers must not all connect in the same millisecond.
    this.schedule(Math.random() * Math.min(this.target.intervalMs, 5000));
  }

  /**
   * One extra sample in half an interval, beside the stream: while a watched service is down on a
   * primary, its confirmation comes as fast as a dead host's (fastinter). Ignored while one is
   * pending or the host is not connected; a failure adds nothing (the stream reports failures).
   */
  /**
   * The host is expected back soon (a rollout rebooted it): forget the backoff,
   * so the next connection attempt comes within half an interval, not minutes.
   */
  reconnectSoon(): void {
    if (this.connected || this.phase !== "waiting") return;
    this.connectFailures = 0;
    const ms = this.retryDelay();
    // A rollout calls this every few hundred ms while it waits: only ever bring the retry forward.
    // Rescheduling each time pushed it back for good, and the rebooted host was never reconnected.
    if (this.dueAt <= Date.now() + ms) return;
    this.schedule(ms);
  }

  sampleSoon(): void {
    if (this.extraSample || !this.connected || this.phase === "stopped") return;
    this.extraSample = setTimeout(() => {
      this.extraSample = undefined;
      const conn = this.conn;
      if (!conn || conn.closed || this.phase === "stopped") return;
      const t = this.target;
      const started = performance.now();
      conn
        .exec(runAgentCommand({ services: t.services, lagProbe: t.lagProbe }), { timeoutMs: this.sampleDeadlineMs(), outputCap: AGENT_OUTPUT_CAP_BYTES })
        .then((r) => {
          if (r.exitCode === 0) this.deliver(r.stdout, performance.now() - started);
        })
        .catch(() => undefined);
    }, this.target.intervalMs / 2);
  }

  stop(): void {
    this.phase = "stopped";
    clearTimeout(this.extraSample);
    clearTimeout(this.timer);
    clearTimeout(this.watchdog);
    this.stream?.close();
    this.conn?.close();
    this.conn = undefined;
  }

  private schedule(ms: number, fn: () => void = () => void this.tick()): void {
    if (this.phase === "stopped") return;
    clearTimeout(this.timer);
    this.phase = "waiting";
    this.dueAt = Date.now() + Math.max(0, ms);
    this.timer = setTimeout(fn, Math.max(0, ms));
  }

  private fail(kind: Extract<PollOutcome, { ok: false }>["kind"], message: string): void {
    if (this.phase === "stopped") return;
    this.deps.report(this.target.id, { ok: false, at: new Date(), kind, message });
  }

  private deliver(text: string, latencyMs: number): void {
    if (this.phase === "stopped") return;
    const parsed = parseAgentOutput(text);
    this.deps.report(
      this.target.id,
      parsed.ok ? { ok: true, at: new Date(), sample: parsed.sample, latencyMs } : { ok: false, at: new Date(), kind: "agent", message: parsed.message },
    );
  }

  /**
   * While detection counts failures, retry at half the interval (HAProxy's `fastinter`: checks
   * run faster while a server is in transition), so a dead host is confirmed after its three
   * failed polls in one interval rather than two; then the interval, then back off (sshd
   * throttles reconnect storms).
   */
  private retryDelay(): number {
    const n = this.connectFailures;
    const base = this.target.intervalMs;
    const ms = n < 3 ? base / 2 : n === 3 ? base : Math.min(base * 2 ** (n - 3), this.deps.maxBackoffMs);
    return ms * (0.9 + Math.random() * 0.2);
  }

  private async tick(): Promise<void> {
    if (this.phase === "stopped") return;
    if (!this.connected) {
      const ok = await this.connect();
      if (!ok) return this.schedule(this.retryDelay());
    }
    if (this.target.agentMode === "STREAM") await this.openStream();
    else await this.execOnce();
  }

  private async connect(): Promise<boolean> {
    const t = this.target;
    if (!t.credential) {
      this.fail("auth", "no credential assigned to this server");
      return false;
    }
    this.phase = "connecting";
    const release = await this.deps.connectSlots.acquire();
    try {
      if (this.isStopped()) return false;
      const conn = await SshConnection.connect(
        { label: t.name, address: t.address, port: t.port, username: t.credential.username, privateKey: t.credential.privateKey, passphrase: t.credential.passphrase, password: t.credential.password, expectedFingerprint: t.hostKeyFingerprint },
        // The connect timeout follows the interval: a dead host costs one timeout per failed poll, and
        // three 10 s timeouts made a 1 s critical primary take 30 s to be confirmed DOWN (the real-host lab).
        // A link that dies mid-stream sends no FIN: the stream's watchdog (two missed lines) and the exec
        // deadline catch it within an interval or two, so keepalives only keep an idle session open through
        // NAT and firewalls. At the poll interval they doubled the packets, and so the crypto, of every poll.
        { timeoutMs: Math.min(this.deps.connectTimeoutMs, Math.max(3000, 3 * t.intervalMs)), keepaliveMs: KEEPALIVE_MS },
      );
      if (this.isStopped()) {
        conn.close();
        return false;
      }
      // The handshake is done: the slot is for the next one, not for waiting on the database.
      release();
      if (!t.hostKeyFingerprint && conn.fingerprint) {
        // No sample is taken on a key that is not stored: a server is never UP on an unrecorded key.
        const pinned = await this.waitForPin(conn.fingerprint, conn.algorithm);
        if (pinned !== true || this.isStopped()) {
          conn.close();
          this.connectFailures++;
          if (pinned !== true) this.fail("pin", pinned);
          return false;
        }
        t.hostKeyFingerprint = conn.fingerprint;
      }
      this.conn = conn;
      this.connectFailures = 0;
      conn.onClose(() => {
        if (this.conn === conn) this.conn = undefined;
      });
      return true;
    } catch (e) {
      this.connectFailures++;
      const err = e as SshError;
      this.fail(failureKind(e), err.message ?? String(e));
      return false;
    } finally {
      release();
    }
  }

  /** true once stored; otherwise why not, in words. */
  private async waitForPin(fingerprint: string, algorithm: string | null): Promise<true | string> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<string>((r) => {
      timer = setTimeout(() => r(`host key ${fingerprint} seen but not stored within ${Math.round(this.deps.pinWaitMs / 1000)} s; not polled until it is`), this.deps.pinWaitMs);
    });
    try {
      return await Promise.race([
        this.deps.pinHostKey(this.target.id, fingerprint, algorithm).then(
          () => true as const,
          (e: unknown) => `host key ${fingerprint} not pinned: ${(e as Error).message}`,
        ),
        timeout,
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async install(): Promise<boolean> {
    try {
      await this.conn!.run(installAgentCommand(), { stdin: agentScript().source, timeoutMs: 15_000, outputCap: 16_384 });
      this.installedHere = true;
      this.deps.log.info("installed the agent", { server: this.target.name, hash: agentScript().hash });
      return true;
    } catch (e) {
      this.fail("agent", `could not install the agent: ${(e as Error).message}`);
      return false;
    }
  }

  /** How long a sample may take: the interval, the grace, and the agent's 5 s cap on a lag probe. */
  private sampleDeadlineMs(): number {
    return this.target.intervalMs + this.deps.graceMs + (this.target.lagProbe ? 5000 : 0);
  }

  private async execOnce(): Promise<void> {
    const t = this.target;
    const started = performance.now();
    try {
      let r = await this.conn!.exec(runAgentCommand({ services: t.services, lagProbe: t.lagProbe }), { timeoutMs: this.sampleDeadlineMs(), outputCap: AGENT_OUTPUT_CAP_BYTES });
      if (r.exitCode === AGENT_MISSING_EXIT && !this.installedHere && (await this.install())) {
        r = await this.conn!.exec(runAgentCommand({ services: t.services, lagProbe: t.lagProbe }), { timeoutMs: this.sampleDeadlineMs(), outputCap: AGENT_OUTPUT_CAP_BYTES });
      }
      if (r.exitCode === 0) this.deliver(r.stdout, performance.now() - started);
      else this.fail("agent", `agent exited ${r.exitCode ?? r.signal}${r.stderr ? `: ${r.stderr.trim().slice(0, 200)}` : ""}`);
    } catch (e) {
      this.fail(failureKind(e), (e as Error).message);
      // A timed-out exec leaves the connection suspect: start over.
      this.conn?.close();
    }
    this.schedule(t.intervalMs - (performance.now() - started));
  }

  private armWatchdog(): void {
    clearTimeout(this.watchdog);
    this.watchdog = setTimeout(() => {
      // A stream that misses its interval plus grace is a failed poll; two in a row, reconnect.
      this.missedLines++;
      this.fail("timeout", `no sample within ${Math.round(this.sampleDeadlineMs() / 1000)} s`);
      if (this.missedLines >= 2) this.abandonStream();
      else this.armWatchdog();
    }, this.sampleDeadlineMs());
  }

  /**
   * Gives up on a silent stream and reconnects. On a dead link the channel's
   * close never arrives, so waiting for its onEnd left the host polled by
   * no one (UNREACHABLE for good, never DOWN): the real-host lab's link cut.
   */
  private abandonStream(): void {
    this.streamGeneration++;
    clearTimeout(this.watchdog);
    this.stream?.close();
    this.stream = undefined;
    this.conn?.close();
    this.conn = undefined;
    this.schedule(0);
  }

  private async openStream(): Promise<void> {
    const t = this.target;
    const generation = ++this.streamGeneration;
    // Whole seconds from 1 s up (as before); below it, the interval itself (0.25 s).
    const intervalSec = t.intervalMs >= 1000 ? Math.round(t.intervalMs / 1000) : Math.max(0.1, t.intervalMs / 1000);
    let lastLine = performance.now();
    this.phase = "polling";
    this.missedLines = 0;
    try {
      this.stream = await this.conn!.stream(
        runAgentCommand({ services: t.services, lagProbe: t.lagProbe, intervalSec }),
        {
          onLine: (line) => {
            if (generation !== this.streamGeneration) return;
            const now = performance.now();
            this.missedLines = 0;
            this.armWatchdog();
            this.deliver(line, now - lastLine);
            lastLine = now;
          },
          onEnd: ({ exitCode, stderr, error }) => {
            // An abandoned stream's late end must not touch its successor.
            if (generation !== this.streamGeneration) return;
            clearTimeout(this.watchdog);
            this.stream = undefined;
            if (this.phase === "stopped") return;
            if (exitCode === AGENT_MISSING_EXIT && !this.installedHere) {
              void this.install().then((ok) => this.schedule(ok ? 0 : t.intervalMs));
              return;
            }
            if (error) this.fail(failureKind(error), error.message);
            else if (this.connected) this.fail("agent", `agent stream ended (exit ${exitCode ?? "none"})${stderr ? `: ${stderr.trim().slice(0, 200)}` : ""}`);
            // A lost connection is not itself a failed poll: reconnect at once, and let that
            // attempt count. Failures then come one per interval, as hysteresis assumes
            // (counting both the loss and an instant refusal made "3 failed polls" take 1 s).
            this.schedule(this.connected ? t.intervalMs : 0);
          },
        },
        { lineCap: AGENT_OUTPUT_CAP_BYTES },
      );
      this.armWatchdog();
    } catch (e) {
      this.fail(failureKind(e), (e as Error).message);
      this.conn?.close();
      this.schedule(t.intervalMs);
    }
  }
}
