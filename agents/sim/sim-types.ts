// The simulated fleet's public shapes: what a caller describes, what it gets back,
// and the faults it can inject.

export const SIM_FAULTS = [
  "down",
  "hang",
  "cutoff",
  "slow",
  "high-cpu",
  "disk-full",
  "raid-degraded",
  "replication-lag",
  "service-stopped",
  "malformed-output",
  "host-key-changed",
  "patch-fails",
  "no-boot",
  "service-fails-after-boot",
] as const;
export type SimFault = (typeof SIM_FAULTS)[number];

/**
 * Per-fault parameters: `slow` reads delayMs (default 3000), `replication-lag`
 * seconds (default 120), `service-stopped` and `service-fails-after-boot`
 * service (default the host's first), `disk-full` mount (default "/").
 */
export type SimFaultParams = { delayMs?: number; seconds?: number; service?: string; mount?: string };

export type SimHostSpec = {
  name: string;
  /** A 127.x.y.z address: Linux routes all of 127/8 to lo, so each virtual host has its own IP. */
  address: string;
  /** Default 2222. */
  port?: number;
  kernel?: string;
  os?: string;
  /** systemd units that run on this host (reported "active" unless a fault says otherwise). */
  services?: string[];
  /** e.g. "primary", "standby" (standbys report a small replication lag), "web", "backup". */
  role?: string;
  site?: string;
  /** The redundancy group it belongs to, e.g. "pg-fra1" for a primary, its standby and a DR copy. */
  group?: string;
  /** Percentages the metrics drift around. */
  baseline?: { cpu?: number; mem?: number; disk?: number };
  /**
   * TCP ports of its services, for peers' `tandem-probe`: defaults from a
   * well-known table (postgresql 5432, nginx 80...); a service without one has no port.
   */
  servicePorts?: Record<string, number>;
  /** Overrides the seeded package state (tests): updates pending, of which security, a kernel among them, a reboot already due. */
  updates?: { pending?: number; security?: number; kernelPending?: boolean; kernelSecurity?: boolean; rebootRequired?: boolean };
};

/** How long the simulated maintenance takes (ms); short, so a whole-demo rollout takes minutes. */
export type SimTiming = {
  /** A patch command's run, its output spread over it. Default 2500. */
  patchMs?: number;
  /** From the reboot command's exit to the power going off (the script's `sleep 1`). Default 1000. */
  rebootDelayMs?: number;
  /** Powered off during a reboot, SSH refused. Default 3500. */
  bootMs?: number;
};

/** A host's packages as its agent reports them, for the Simulator page. */
export type SimPackages = { source: string; pending: number; security: number; kernelPending: boolean; kernel: string; kernelInstalled: string; rebootRequired: boolean };

export type SimLog = (level: "debug" | "info" | "warn", msg: string, fields?: Record<string, unknown>) => void;

export type SimFleetOptions = {
  hosts: SimHostSpec[];
  /** One password for every host; default "tandem-sim". */
  password?: string;
  /** Login name on every host; default "tandem". */
  username?: string;
  /** OpenSSH public key lines ("ssh-ed25519 AAAA... comment") accepted on every host. */
  authorizedKeys?: string[];
  /** Seeds metrics and host keys: the same seed gives the same fingerprints in every run. Default 1. */
  seed?: number;
  /** Start with the current agent already installed (benchmarks); default false, so Tandem's install path runs. */
  preinstalled?: boolean;
  timing?: SimTiming;
  log?: SimLog;
  /** Hosts' state to start from (what `state()` returned before a restart): real hosts keep theirs. */
  initialState?: SimHostState[];
  /** Called synchronously after any change `state()` shows: a role, a fence, a balancer's admin, power, a fault. */
  onChange?: () => void;
};

/** What a host keeps across a restart of whoever simulates it (see SimFleet.state). */
export type SimHostState = {
  name: string;
  role: string | null;
  fenced: boolean;
  power: "on" | "off";
  poweredOffBy: string | null;
  faults: { fault: SimFault; params: SimFaultParams }[];
  lb: { backend: string; server: string; admin: SimLbBackend["admin"] }[];
  /** A host added while running (`addHost`, a hypervisor's `tandem-sim provision`): how to create it again. */
  spec?: SimHostSpec;
};

export type SimHostInfo = {
  name: string;
  address: string;
  port: number;
  username: string;
  /** "SHA256:..." of the current host key, as OpenSSH prints it. */
  hostKeyFingerprint: string;
  /** The host's own key: what an inventory pins (hostKeyFingerprint differs while host-key-changed is injected). */
  originalHostKeyFingerprint: string;
  services: string[];
  role: string | null;
  /** Set by the `tandem-sim fence` hook; cleared when the host boots. */
  fenced?: boolean;
  site: string | null;
  group: string | null;
  /** Off behaves like the `down` fault but is not one; powering on boots the host. */
  power: "on" | "off";
  /** Who powered it off: a hypervisor's name (its `tandem-sim power off`), or whoever `power()` was told. */
  poweredOffBy: string | null;
  /** Port of each service that listens on one (see SimHostSpec.servicePorts). */
  servicePorts: Record<string, number>;
  packages: SimPackages;
};

/** A load balancer host's view of one backend server (`tandem-sim lb ...`). */
export type SimLbBackend = { backend: string; server: string; admin: "ready" | "drain" | "maint"; health: "up" | "down" };

export type SimStats = {
  hosts: number;
  listening: number;
  connections: number;
  connectionsTotal: number;
  authFailures: number;
  execs: number;
  execsByKind: Record<string, number>;
  streamsOpen: number;
  /** The most agent streams ever open at once on one host (more than 1: two pollers at once). */
  maxStreamsPerHost: number;
  streamLines: number;
  bytesOut: number;
  activeFaults: number;
  poweredOff: number;
  cpuUserMs: number;
  cpuSystemMs: number;
  rssBytes: number;
  heapUsedBytes: number;
};

export type SimFleet = {
  readonly hosts: SimHostInfo[];
  /** Resolves once the fault is in effect (e.g. the port refuses connections). */
  inject(name: string, fault: SimFault, params?: SimFaultParams): Promise<void>;
  /** Clears one fault, or all of them; resolves once the host is back as it was. */
  clear(name: string, fault?: SimFault): Promise<void>;
  faults(name: string): { fault: SimFault; params: SimFaultParams }[];
  /**
   * Powers a host off (as the `down` fault, but its own state) or on (a boot:
   * clears down, hang, cutoff and service-stopped and the fenced flag, restarts
   * uptime, keeps the role). Resolves once in effect; `by` is recorded as poweredOffBy.
   */
  power(name: string, power: "on" | "off", opts?: { by?: string }): Promise<void>;
  /** The backend servers a load balancer host was told about or asked about (`tandem-sim lb`). */
  lbBackends(lbName: string): SimLbBackend[];
  /** The host as Tandem should see it now (fingerprint changes with host-key-changed). */
  host(name: string): SimHostInfo;
  stats(): SimStats;
  /** Every host's lasting state, for initialState on the next start. */
  state(): SimHostState[];
  /** A new host, listening once this resolves (a VM a hypervisor just created); kept by state() with its spec. */
  addHost(spec: SimHostSpec): Promise<SimHostInfo>;
  stop(): Promise<void>;
};
