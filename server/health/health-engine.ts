// Holds every polled host's health, applies poll outcomes, and tells the rest
// of Tandem what changed: transitions as events (alerts and failover subscribe),
// changed hosts for the next broadcast, and rows for the history writer.
import { EventEmitter } from "node:events";
import type { HealthPolicy, PollOutcome, THostState } from "./health.types";
import { applyOutcome, initialHealth, type HostHealth, type Transition } from "./host-health";

/** `remote`: learnt from the node of the cluster that polls the server, not polled here. */
export type HostTransition = Transition & { serverId: string; remote?: boolean };
export type HostSampled = { serverId: string; at: Date; health: HostHealth; remote?: boolean };
export type HostKeyChanged = { serverId: string; message: string; at: Date; remote?: boolean };
export type HistoryRow = {
  serverId: string;
  at: Date;
  state: THostState;
  cpuPct: number | null;
  memPct: number | null;
  swapPct: number | null;
  load1: number | null;
  diskPct: number | null;
  netRxBps: number | null;
  netTxBps: number | null;
  lagSec: number | null;
};

type Events = { transition: [HostTransition]; sampled: [HostSampled]; "host-key-changed": [HostKeyChanged] };

export class HealthEngine extends EventEmitter<Events> {
  readonly hosts = new Map<string, HostHealth>();
  private dirty = new Set<string>();
  private history: HistoryRow[] = [];

  constructor(private readonly policy: HealthPolicy) {
    super();
  }

  /** Starts a host from what the database last knew (its state and since survive restarts). */
  track(serverId: string, state: THostState, since: Date, reason: string | null): void {
    if (!this.hosts.has(serverId)) this.hosts.set(serverId, initialHealth(since, state, since, reason));
  }

  untrack(serverId: string): void {
    this.hosts.delete(serverId);
    this.dirty.delete(serverId);
  }

  apply(serverId: string, outcome: PollOutcome): void {
    const before = this.hosts.get(serverId) ?? initialHealth(outcome.at);
    const { health, transition } = applyOutcome(before, outcome, this.policy);
    this.hosts.set(serverId, health);
    this.dirty.add(serverId);
    const m = outcome.ok ? health.metrics : null;
    this.history.push({
      serverId,
      at: outcome.at,
      state: health.state,
      cpuPct: m?.cpuPct ?? null,
      memPct: m?.memPct ?? null,
      swapPct: m?.swapPct ?? null,
      load1: m?.load1 ?? null,
      diskPct: m?.diskPct ?? null,
      netRxBps: m?.netRxBps ?? null,
      netTxBps: m?.netTxBps ?? null,
      lagSec: m?.lagSec ?? null,
    });
    if (!outcome.ok && outcome.kind === "host-key" && before.reason !== outcome.message) {
      this.emit("host-key-changed", { serverId, message: outcome.message, at: outcome.at });
    }
    if (transition) this.emit("transition", { serverId, ...transition });
    this.emit("sampled", { serverId, at: outcome.at, health });
  }

  /**
   * A host polled by another node of the cluster: its health as that node
   * computed it, with the same events as a local poll, flagged remote (no
   * history row: the polling node writes those).
   */
  applyRemote(serverId: string, at: Date, health: HostHealth): void {
    const before = this.hosts.get(serverId);
    this.hosts.set(serverId, health);
    this.dirty.add(serverId);
    if (before && before.state !== health.state) this.emit("transition", { serverId, from: before.state, to: health.state, reason: health.reason, at: health.since, remote: true });
    this.emit("sampled", { serverId, at, health, remote: true });
  }

  /** A host key change another node saw. */
  hostKeyChangedRemote(e: Omit<HostKeyChanged, "remote">): void {
    this.emit("host-key-changed", { ...e, remote: true });
  }

  /** Marks hosts for the next broadcast although their health did not change (they entered or left maintenance). */
  touch(serverIds: string[]): void {
    for (const id of serverIds) if (this.hosts.has(id)) this.dirty.add(id);
  }

  /** Hosts changed since the last call (for one batched broadcast). */
  drainDirty(): string[] {
    const ids = [...this.dirty];
    this.dirty.clear();
    return ids;
  }

  /** Samples not yet written to history. */
  drainHistory(): HistoryRow[] {
    const rows = this.history;
    this.history = [];
    return rows;
  }

  /** Rows put back after a failed write, ahead of newer ones (bounded: history is not worth running out of memory for). */
  requeueHistory(rows: HistoryRow[], max = 200_000): void {
    this.history = rows.concat(this.history).slice(-max);
  }
}
