// Keeps one HostPoller per enabled server, in step with the inventory: it
// reloads targets periodically (cheap: the rows carry a version) and starts,
// restarts or stops host pollers as servers are added, changed or removed.
import type { Logger } from "../lib/logger";
import { intervalLoop, type Loop } from "../lib/interval-loop";
import type { PollOutcome } from "../health/health.types";
import { HostPoller } from "./host-poller";
import type { PollTarget } from "./poll-target";
import { Semaphore } from "./semaphore";
import { openFileLimit, openFilesWarning } from "./open-files";

export type PollerOptions = {
  loadTargets(): Promise<PollTarget[]>;
  report(serverId: string, outcome: PollOutcome): void;
  /** First sight of a host key: resolves once it is stored as the pin. */
  pinHostKey(serverId: string, fingerprint: string, algorithm: string | null): Promise<void>;
  pinWaitMs?: number;
  /** Called when the set of polled servers changes (added, removed, changed). */
  onTargetsChanged?(targets: PollTarget[]): void;
  log: Logger;
  maxConcurrentConnects?: number;
  reloadEveryMs?: number;
  connectTimeoutMs?: number;
  graceMs?: number;
  maxBackoffMs?: number;
};

export class Poller {
  private hosts = new Map<string, HostPoller>();
  private loop: Loop;
  private readonly slots: Semaphore;
  /** The open-file warning in force: logged when it starts and when it clears, not at every count. */
  private filesWarning: string | null = null;

  constructor(private readonly opts: PollerOptions) {
    this.slots = new Semaphore(opts.maxConcurrentConnects ?? 32);
    this.loop = intervalLoop("poller reload", opts.reloadEveryMs ?? 10_000, () => this.reload(), opts.log);
  }

  async start(): Promise<void> {
    await this.reload();
    this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
    for (const h of this.hosts.values()) h.stop();
    this.hosts.clear();
  }

  /** An extra sample of one server soon (HostPoller.sampleSoon). */
  sampleSoon(serverId: string): void {
    this.hosts.get(serverId)?.sampleSoon();
  }

  /** A reconnect soon, without backoff (HostPoller.reconnectSoon). */
  reconnectSoon(serverId: string): void {
    this.hosts.get(serverId)?.reconnectSoon();
  }

  /** Re-reads the inventory now (also called after an API change, for immediacy). */
  async reload(): Promise<void> {
    const targets = await this.opts.loadTargets();
    const seen = new Set<string>();
    let changed = false;
    for (const t of targets) {
      seen.add(t.id);
      const existing = this.hosts.get(t.id);
      // The host poller keeps its target's pin current, so a key it pinned itself does not restart it.
      if (existing && existing.target.version === t.version && existing.target.hostKeyFingerprint === t.hostKeyFingerprint) continue;
      existing?.stop();
      const h = new HostPoller(t, {
        report: this.opts.report,
        pinHostKey: this.opts.pinHostKey,
        pinWaitMs: this.opts.pinWaitMs ?? 15_000,
        connectSlots: this.slots,
        log: this.opts.log,
        connectTimeoutMs: this.opts.connectTimeoutMs ?? 10_000,
        graceMs: this.opts.graceMs ?? 2_000,
        maxBackoffMs: this.opts.maxBackoffMs ?? 60_000,
      });
      this.hosts.set(t.id, h);
      h.start();
      changed = true;
    }
    for (const [id, h] of this.hosts) {
      if (seen.has(id)) continue;
      h.stop();
      this.hosts.delete(id);
      changed = true;
    }
    if (changed) {
      this.checkOpenFiles(targets.length);
      this.opts.onTargetsChanged?.(targets);
    }
  }

  private checkOpenFiles(servers: number): void {
    const warning = openFilesWarning(servers, openFileLimit());
    if (warning && !this.filesWarning) this.opts.log.warn(warning, { servers });
    if (!warning && this.filesWarning) this.opts.log.info("the polled servers fit under this process's open-file limit again", { servers });
    this.filesWarning = warning;
  }

  stats(): { hosts: number; connected: number } {
    let connected = 0;
    for (const h of this.hosts.values()) if (h.connected) connected++;
    return { hosts: this.hosts.size, connected };
  }
}
