// The fleet as this tab knows it: a map of hosts outside React, fed by the
// fleet room (a snapshot, then one delta per tick). Views subscribe to what
// they show: a tile to its host, the list to the fleet's shape (who is in it
// and in which state), so a delta re-renders only the tiles it touched.
import { applyDelta, type TFleetDelta, type TFleetHost, type TFleetInventoryChanged, type TFleetSnapshot } from "@/server/fleet/fleet.types";
import { noteServerTime } from "./clock";

export type FleetShape = {
  /** false until the first snapshot arrives. */
  ready: boolean;
  /** Bumped when hosts come or go or a host changes state. */
  version: number;
  hosts: ReadonlyMap<string, TFleetHost>;
};

export class FleetStore {
  private hosts = new Map<string, TFleetHost>();
  /** Sequence number of the last event applied; null while waiting for a snapshot. */
  private seq: number | null = null;
  private shape: FleetShape = { ready: false, version: 0, hosts: this.hosts };
  private readonly shapeListeners = new Set<() => void>();
  private readonly hostListeners = new Map<string, Set<() => void>>();

  /** @param requestSnapshot asks the server for a fresh snapshot (resubscribes). */
  constructor(private readonly requestSnapshot: () => void) {}

  getShape = (): FleetShape => this.shape;
  /** false while waiting for a snapshot (first one, or after a gap or a reconnect). */
  inSync = (): boolean => this.seq !== null;
  getHost = (id: string): TFleetHost | undefined => this.hosts.get(id);

  subscribeShape = (listener: () => void): (() => void) => {
    this.shapeListeners.add(listener);
    return () => this.shapeListeners.delete(listener);
  };

  subscribeHost(id: string, listener: () => void): () => void {
    let set = this.hostListeners.get(id);
    if (!set) this.hostListeners.set(id, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.hostListeners.delete(id);
    };
  }

  applySnapshot(s: TFleetSnapshot): void {
    noteServerTime(s.at);
    const before = this.hosts;
    this.hosts = new Map(s.hosts.map((h) => [h.id, h]));
    this.seq = s.seq;
    this.shape = { ready: true, version: this.shape.version + 1, hosts: this.hosts };
    for (const [id, listeners] of this.hostListeners) if (before.get(id) !== this.hosts.get(id)) for (const l of [...listeners]) l();
    this.notifyShape();
  }

  applyDelta(d: TFleetDelta): void {
    if (this.seq === null || d.seq <= this.seq) return; // waiting for a snapshot, or already in it
    if (d.seq !== this.seq + 1) return this.resync(); // missed one: the snapshot is the only way back
    noteServerTime(d.at);
    this.seq = d.seq;
    let reshaped = false;
    const touched: string[] = [];
    for (const row of d.rows) {
      const prev = this.hosts.get(row[0]);
      // A host this tab never heard of: the inventory changed under us.
      if (!prev) return this.resync();
      const next = applyDelta(prev, row);
      if (next.state !== prev.state) reshaped = true;
      this.hosts.set(next.id, next);
      touched.push(next.id);
    }
    if (reshaped) {
      this.shape = { ready: true, version: this.shape.version + 1, hosts: this.hosts };
      this.notifyShape();
    }
    for (const id of touched) {
      const listeners = this.hostListeners.get(id);
      if (listeners) for (const l of [...listeners]) l();
    }
  }

  applyInventoryChanged(e: TFleetInventoryChanged): void {
    // A snapshot taken after the change already has it.
    if (this.seq !== null && e.seq <= this.seq) return;
    this.resync();
  }

  /** The connection dropped: whatever comes next must start from a snapshot. */
  connectionLost(): void {
    this.seq = null;
  }

  private resync(): void {
    this.seq = null;
    this.requestSnapshot();
  }

  private notifyShape(): void {
    for (const l of [...this.shapeListeners]) l();
  }
}
