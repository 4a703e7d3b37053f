// What the exerciser did and saw: faults on and off, power-off sightings,
// accepted operations, restarts, and the violations found (each printed once,
// with the seed and step, as it is found).
import type { FaultRecord, PowerOffSighting, SimHostView } from "./model";
import type { Violation } from "./invariants";

export type Counters = { injected: number; restarts: number; tandemRestarts: number; pgRestarts: number; actions: number; refusedActions: number };

export class World {
  readonly faults: FaultRecord[] = [];
  readonly sightings: PowerOffSighting[] = [];
  readonly accepted: { id: string; step: number; kind: string }[] = [];
  /** Tandem down (kill to ready again): the simulator restarted with it. */
  readonly restarts: { from: number; to: number }[] = [];
  readonly violations = new Map<string, Violation & { step: number }>();
  readonly counters: Counters = { injected: 0, restarts: 0, tandemRestarts: 0, pgRestarts: 0, actions: 0, refusedActions: 0 };
  lastSim: SimHostView[] = [];
  step = 0;
  private nextId = 1;

  constructor(
    readonly seed: number,
    private readonly print: (line: string) => void,
  ) {}

  log(msg: string): void {
    this.print(`[step ${this.step}] ${msg}`);
  }

  violation(v: Violation): void {
    const id = `${v.kind}:${v.key}`;
    if (this.violations.has(id)) return;
    this.violations.set(id, { ...v, step: this.step });
    this.print(`VIOLATION ${v.kind} (seed ${this.seed}, step ${this.step}): ${v.message}`);
  }

  count(kind: Violation["kind"] | Violation["kind"][]): number {
    const kinds = Array.isArray(kind) ? kind : [kind];
    return [...this.violations.values()].filter((v) => kinds.includes(v.kind)).length;
  }

  openFault(host: string, fault: string, params: Record<string, unknown>): FaultRecord {
    const r: FaultRecord = { id: this.nextId++, step: this.step, host, fault, params, from: Date.now(), to: null };
    this.faults.push(r);
    this.counters.injected++;
    return r;
  }

  active(): FaultRecord[] {
    return this.faults.filter((f) => f.to === null);
  }

  isOn(host: string, fault: string): boolean {
    return this.faults.some((f) => f.to === null && f.host === host && f.fault === fault);
  }

  close(r: FaultRecord, at = Date.now()): void {
    if (r.to === null) r.to = at;
  }

  /**
   * Follows the fleet as the simulator shows it: a boot (power on by a fence
   * device's on command, a rollout's reboot) ends some faults by itself, and
   * any host seen off is a sighting (a fault its peers see too).
   */
  observe(hosts: SimHostView[], at = Date.now()): void {
    this.lastSim = hosts;
    const byName = new Map(hosts.map((h) => [h.name, h]));
    for (const f of this.active()) {
      const h = byName.get(f.host);
      if (!h) continue;
      const still = f.fault === "power-off" ? h.power === "off" : h.faults.some((x) => x.fault === f.fault);
      if (!still) this.close(f, at);
    }
    for (const h of hosts) if (h.power === "off") this.sightings.push({ host: h.name, at });
  }
}
