// One virtual host: its own loopback address, host key, installed agent,
// metrics and faults, behind ssh2's Server. Every timer and socket it opens is
// tracked, so faults and stop() can always take them back.
import { timingSafeEqual } from "node:crypto";
import net from "node:net";
import ssh2, { type AuthContext, type Connection, type ParsedKey, type ServerChannel } from "ssh2";
import { AGENT_MISSING_EXIT } from "../../server/agent/agent-command";
import { classifyStdin, parseCommand, type AgentInvocation, type SimCommand } from "./commands";
import { runLbCommand, runPowerCommand, runProvisionCommand, type DeviceResult } from "./device-commands";
import { runPatch, runReboot } from "./maintenance-commands";
import { deriveHostKey, type SimHostKey } from "./host-keys";
import { HostModel } from "./host-model";
import { servicePortsOf } from "./service-ports";
import type { SimFault, SimFaultParams, SimHostInfo, SimHostSpec, SimHostState, SimLbBackend, SimLog, SimTiming } from "./sim-types";

/** What every host of a fleet shares. */
export type FleetContext = {
  seed: number;
  username: string;
  password: Buffer;
  authorizedKeys: ParsedKey[];
  /** Hash of the agent installed at start (preinstalled), else null. */
  preinstalledHash: string | null;
  /** Whether a peer on the simulated network reaches address:port (a host's SSH or one of its services). */
  peerReaches(address: string, port: number): boolean;
  /** Another host of the fleet, for hypervisors and load balancers. */
  lookup(name: string): VirtualHost | undefined;
  /** Every host of the fleet (a hypervisor looks for a free address and a template). */
  all(): readonly VirtualHost[];
  /** Adds a host and starts it listening (a hypervisor's `tandem-sim provision`). */
  addHost(spec: SimHostSpec): Promise<VirtualHost>;
  counters: FleetCounters;
  timing: Required<SimTiming>;
  log: SimLog;
  /** A lasting change (role, fence, balancer admin, power, fault): see SimFleetOptions.onChange. */
  changed(): void;
};

export type FleetCounters = {
  connectionsTotal: number;
  authFailures: number;
  execs: number;
  execsByKind: Record<string, number>;
  streamsOpen: number;
  maxStreamsPerHost: number;
  streamLines: number;
  bytesOut: number;
};

/** OpenSSH's default MaxSessions: an 11th concurrent channel on one connection is refused. */
const MAX_SESSIONS = 10;
/** Sockets a hung host holds before it drops the oldest. */
const MAX_HELD_SOCKETS = 64;
const MAX_STDIN_BYTES = 1024 * 1024;
/** A stream line is skipped, as a blocked agent would, while this much is unsent. */
const MAX_UNSENT_BYTES = 64 * 1024;
const IDENT = "OpenSSH_9.2p1 Debian-2+deb12u3";
/** poweredOffBy while the host reboots itself, and while the no-boot fault keeps it off. */
const REBOOTING = "reboot";
const STUCK = "reboot (no-boot fault)";

export class VirtualHost {
  readonly name: string;
  readonly address: string;
  readonly port: number;
  readonly model: HostModel;
  private readonly faultMap = new Map<SimFault, SimFaultParams>();
  private readonly originalKey: SimHostKey;
  private key: SimHostKey;
  private keyGeneration = 0;
  private ssh: ssh2.Server | null = null;
  private listener: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  private readonly held = new Set<net.Socket>();
  private readonly hungChannels = new Set<ServerChannel>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private installedHash: string | null;
  private listenChain: Promise<void> = Promise.resolve();
  private stopped = false;
  /** Set by the `tandem-sim fence` hook: the host must not serve as primary again (until it boots). */
  fenced = false;
  private powered = true;
  private offBy: string | null = null;
  readonly servicePorts: Record<string, number>;
  /** A load balancer's admin state per backend/server, for the life of the fleet. */
  readonly lbAdmin = new Map<string, { backend: string; server: string; admin: SimLbBackend["admin"] }>();

  constructor(
    readonly spec: SimHostSpec,
    private readonly fleet: FleetContext,
    nowMs: number,
    /** Added while running: state() carries its spec, so a restart creates it again. */
    private readonly added = false,
  ) {
    this.name = spec.name;
    this.address = spec.address;
    this.port = spec.port ?? 2222;
    this.model = new HostModel(spec, fleet.seed, nowMs);
    this.key = this.originalKey = deriveHostKey(fleet.seed, spec.name);
    this.installedHash = fleet.preinstalledHash;
    this.servicePorts = servicePortsOf(spec);
  }

  info(): SimHostInfo {
    return {
      name: this.name,
      address: this.address,
      port: this.port,
      username: this.fleet.username,
      hostKeyFingerprint: this.key.fingerprint,
      originalHostKeyFingerprint: this.originalKey.fingerprint,
      services: this.model.services,
      role: this.model.role,
      fenced: this.fenced,
      site: this.spec.site ?? null,
      group: this.spec.group ?? null,
      power: this.powered ? "on" : "off",
      poweredOffBy: this.offBy,
      servicePorts: { ...this.servicePorts },
      packages: (({ source, pending, security, kernelPending, running, installed, rebootRequired }) => ({
        source,
        pending,
        security,
        kernelPending,
        kernel: running,
        kernelInstalled: installed,
        rebootRequired,
      }))(this.model.packages),
    };
  }

  /** What this host keeps across a restart of the simulator (a real host would keep it all). */
  state(): SimHostState {
    return {
      name: this.name,
      role: this.model.role,
      fenced: this.fenced,
      power: this.powered ? "on" : "off",
      poweredOffBy: this.offBy,
      faults: [...this.faultMap].map(([fault, params]) => ({ fault, params: { ...params } })),
      lb: [...this.lbAdmin.values()].map((b) => ({ ...b })),
      ...(this.added ? { spec: structuredClone(this.spec) } : {}),
    };
  }

  /** Takes back a state() from before a restart; a reboot under way is taken as finished. */
  async restore(was: SimHostState): Promise<void> {
    if ((was.role === "primary" || was.role === "standby") && was.role !== this.model.role) this.model.setRole(was.role);
    this.fenced = was.fenced;
    for (const b of was.lb) this.lbAdmin.set(`${b.backend}\0${b.server}`, { ...b });
    for (const f of was.faults) await this.inject(f.fault, f.params);
    if (was.power === "off" && was.poweredOffBy !== REBOOTING) await this.power("off", was.poweredOffBy ?? undefined);
  }

  get timing(): Required<SimTiming> {
    return this.fleet.timing;
  }

  log(level: Parameters<SimLog>[0], msg: string, fields?: Record<string, unknown>): void {
    this.fleet.log(level, msg, fields);
  }

  /** Runs fn after ms unless the host stops first; returns a cancel. */
  schedule(ms: number, fn: () => void): () => void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
    return () => {
      clearTimeout(t);
      this.timers.delete(t);
    };
  }

  /**
   * The host reboots itself: off after rebootDelayMs (sessions dropped, SSH
   * refused), on again bootMs later, unless the no-boot fault holds it off or
   * someone powered it on or off meanwhile.
   */
  scheduleReboot(): void {
    this.schedule(this.timing.rebootDelayMs, () => {
      if (!this.powered) return;
      void this.power("off", REBOOTING).then(() =>
        this.schedule(this.timing.bootMs, () => {
          if (this.powered || this.offBy !== REBOOTING) return;
          if (this.faultMap.has("no-boot")) {
            this.offBy = STUCK;
            this.fleet.log("info", "sim host did not boot", { host: this.name });
            return;
          }
          void this.power("on", REBOOTING);
        }),
      );
    });
  }

  get listening(): boolean {
    return this.listener !== null;
  }

  /** Agent streams open on this host now. */
  agentStreams = 0;

  get connectionCount(): number {
    return this.sockets.size;
  }

  get faults(): ReadonlyMap<SimFault, SimFaultParams> {
    return this.faultMap;
  }

  get poweredOn(): boolean {
    return this.powered;
  }

  /** Reachable from a peer's point of view: cut off from Tandem is still reachable. */
  get reachableByPeers(): boolean {
    return !this.stopped && this.powered && !this.faultMap.has("down") && !this.faultMap.has("hang");
  }

  /** Whether a service runs: the host is on and no service-stopped fault names it (by default its first). */
  serviceRunning(service: string): boolean {
    const stopped = this.faultMap.get("service-stopped");
    return this.powered && this.model.services.includes(service) && !(stopped && (stopped.service ?? this.model.services[0]) === service);
  }

  /** What a peer's probe of one of this host's service ports finds; false for a port no service listens on. */
  serviceReachable(port: number): boolean {
    const service = Object.keys(this.servicePorts).find((s) => this.servicePorts[s] === port);
    return service !== undefined && this.reachableByPeers && this.serviceRunning(service);
  }

  /** Healthy as a load balancer's check sees a backend server: reachable and its first service running. */
  get servesAsBackend(): boolean {
    const first = this.model.services[0];
    return this.reachableByPeers && (first === undefined || this.serviceRunning(first));
  }

  lbBackends(): SimLbBackend[] {
    return [...this.lbAdmin.values()].map((b) => ({ ...b, health: this.fleet.lookup(b.server)?.servesAsBackend ? "up" : "down" }));
  }

  /**
   * Off: refused like `down`, sessions dropped. On: a boot, which ends the faults
   * a reboot ends and the fenced flag; the role is what it was before.
   */
  power(to: "on" | "off", by?: string): Promise<void> {
    if (to === "off") {
      if (this.powered) {
        this.powered = false;
        this.offBy = by ?? null;
        this.dropConnections();
        this.fleet.log("info", "sim host powered off", { host: this.name, by: this.offBy });
        this.fleet.changed();
      }
      return this.syncListener();
    }
    if (!this.powered) {
      this.powered = true;
      this.offBy = null;
      this.fenced = false;
      for (const f of ["down", "hang", "cutoff", "service-stopped"] as const) this.faultMap.delete(f);
      // A service that fails to start at boot stays stopped, as the service-stopped fault (clear that to start it).
      const failing = this.faultMap.get("service-fails-after-boot");
      if (failing && this.model.services.length) this.faultMap.set("service-stopped", failing.service ? { service: failing.service } : {});
      this.held.clear();
      this.model.boot(Date.now());
      this.fleet.log("info", "sim host powered on", { host: this.name, by });
      this.fleet.changed();
    }
    return this.syncListener();
  }

  start(): Promise<void> {
    return this.syncListener();
  }

  inject(fault: SimFault, params: SimFaultParams = {}): Promise<void> {
    const had = this.faultMap.has(fault);
    this.faultMap.set(fault, params);
    if (fault === "host-key-changed" && !had) {
      this.key = deriveHostKey(this.fleet.seed, this.name, ++this.keyGeneration);
      this.ssh = null;
      this.dropConnections();
    }
    if (fault === "down" || fault === "cutoff") this.dropConnections();
    this.fleet.log("info", "sim fault injected", { host: this.name, fault, params });
    this.fleet.changed();
    return this.syncListener();
  }

  clear(fault?: SimFault): Promise<void> {
    const cleared = fault ? (this.faultMap.delete(fault) ? [fault] : []) : [...this.faultMap.keys()];
    if (!fault) this.faultMap.clear();
    if (cleared.includes("host-key-changed")) {
      this.key = this.originalKey;
      this.ssh = null;
      this.dropConnections();
    }
    if (cleared.includes("hang")) {
      for (const s of this.held) s.destroy();
      for (const ch of this.hungChannels) ch.close();
      this.hungChannels.clear();
    }
    if (cleared.length) {
      this.fleet.log("info", "sim fault cleared", { host: this.name, faults: cleared });
      this.fleet.changed();
    }
    // A host that no-boot kept off boots once the fault is gone.
    if (cleared.includes("no-boot") && !this.powered && this.offBy === STUCK) return this.power("on", "no-boot cleared");
    return this.syncListener();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.dropConnections();
    await this.syncListener();
  }

  private dropConnections(): void {
    for (const s of this.sockets) s.destroy();
    this.hungChannels.clear();
  }

  /** Listens or not according to the faults; serialised so quick inject/clear pairs settle correctly. */
  private syncListener(): Promise<void> {
    this.listenChain = this.listenChain.then(async () => {
      const want = this.wantsListener;
      if (want && !this.listener) {
        const srv = net.createServer({ noDelay: true }, (socket) => this.onSocket(socket));
        await new Promise<void>((resolve, reject) => {
          srv.once("error", reject);
          srv.listen({ host: this.address, port: this.port, backlog: 511 }, () => {
            srv.off("error", reject);
            resolve();
          });
        });
        srv.on("error", (err) => this.fleet.log("warn", "sim listener error", { host: this.name, err }));
        this.listener = srv;
      } else if (!want && this.listener) {
        const srv = this.listener;
        this.listener = null;
        // Refused from now on; close() itself waits for the sockets dropped above.
        await new Promise<void>((resolve) => srv.close(() => resolve()));
      }
    });
    return this.listenChain;
  }

  private get wantsListener(): boolean {
    return !this.stopped && this.powered && !this.faultMap.has("down") && !this.faultMap.has("cutoff");
  }

  private onSocket(socket: net.Socket): void {
    // Accepted between going down and the listener closing (a client reconnecting at once): such a
    // socket would keep the host answering while off, and close() waiting for it, so the boot never came.
    if (!this.wantsListener) {
      socket.on("error", () => {});
      socket.destroy();
      return;
    }
    this.sockets.add(socket);
    this.fleet.counters.connectionsTotal++;
    socket.on("error", () => {});
    socket.once("close", () => {
      this.sockets.delete(socket);
      this.held.delete(socket);
    });
    if (this.faultMap.has("hang")) {
      // TCP accepted, and then nothing: not even the SSH banner.
      this.held.add(socket);
      if (this.held.size > MAX_HELD_SOCKETS) {
        const oldest = this.held.values().next().value!;
        this.held.delete(oldest);
        oldest.destroy();
      }
      return;
    }
    // Everything answered while handling one read (channel success, output,
    // exit status, EOF, close) leaves in one write instead of five: socket
    // writes were a quarter of the simulator's CPU (cut per exec: 180 -> 150 µs).
    let corked = false;
    const uncork = () => {
      corked = false;
      socket.uncork();
    };
    socket.on("data", () => {
      if (corked) return;
      corked = true;
      socket.cork();
      process.nextTick(uncork);
    });
    if (!this.ssh) {
      this.ssh = new ssh2.Server(
        // No server-side keepalive (OpenSSH's ClientAliveInterval is 0 too): at
        // 10,000 connections ssh2's default 15 s ping would be 700 packets/s.
        { hostKeys: [{ key: this.key.parsed() }], ident: IDENT, keepaliveInterval: 2_147_483_647, keepaliveCountMax: 0 },
        (client) => this.onConnection(client),
      );
    }
    this.ssh.injectSocket(socket);
  }

  private onConnection(client: Connection): void {
    let openSessions = 0;
    client.on("error", () => {});
    client.on("authentication", (ctx) => this.authenticate(ctx));
    client.on("ready", () => {
      client.on("session", (accept, reject) => {
        if (openSessions >= MAX_SESSIONS) return reject();
        const session = accept();
        openSessions++;
        session.once("close", () => openSessions--);
        session.once("exec", (acceptExec, _reject, info) => this.exec(acceptExec(), info.command));
      });
    });
  }

  private authenticate(ctx: AuthContext): void {
    const f = this.fleet;
    const methods: ("password" | "publickey")[] = f.authorizedKeys.length ? ["publickey", "password"] : ["password"];
    if (ctx.username === f.username) {
      if (ctx.method === "password") {
        const given = Buffer.from(ctx.password);
        if (given.length === f.password.length && timingSafeEqual(given, f.password)) return ctx.accept();
      } else if (ctx.method === "publickey") {
        const blob = ctx.key.data;
        const key = f.authorizedKeys.find((k) => k.getPublicSSH().equals(blob));
        // Without a signature the client only asks whether the key would do.
        if (key && (!ctx.signature || key.verify(ctx.blob!, ctx.signature, ctx.hashAlgo) === true)) return ctx.accept();
      }
    }
    if (ctx.method !== "none") f.counters.authFailures++;
    ctx.reject(methods);
  }

  private exec(ch: ServerChannel, command: string): void {
    const c = this.fleet.counters;
    const cmd = parseCommand(command);
    c.execs++;
    c.execsByKind[cmd.kind] = (c.execsByKind[cmd.kind] ?? 0) + 1;
    if (this.faultMap.has("hang")) {
      // The command never answers; the channel stays open until the client gives up.
      this.hungChannels.add(ch);
      ch.once("close", () => this.hungChannels.delete(ch));
      ch.resume();
      return;
    }
    if (cmd.kind === "install" || cmd.kind === "piped") {
      // Both read stdin to EOF first: the agent, or (sh -s) perhaps a script.
      const chunks: Buffer[] = [];
      let bytes = 0;
      ch.on("data", (d: Buffer) => {
        bytes += d.length;
        if (bytes <= MAX_STDIN_BYTES && cmd.kind === "piped") chunks.push(d);
      });
      ch.once("end", () => {
        if (bytes > MAX_STDIN_BYTES) return this.finish(ch, 1, "", "cat: write error: No space left on device\n");
        const what = cmd.kind === "piped" ? classifyStdin(Buffer.concat(chunks), cmd.agent) : cmd;
        if (what !== cmd) c.execsByKind[`sh-s:${what.kind}`] = (c.execsByKind[`sh-s:${what.kind}`] ?? 0) + 1;
        this.later(ch, () => this.answer(ch, what));
      });
      return;
    }
    ch.resume();
    this.later(ch, () => this.answer(ch, cmd));
  }

  private answer(ch: ServerChannel, cmd: SimCommand): void {
    switch (cmd.kind) {
      case "install":
        this.installedHash = cmd.hash;
        return this.finish(ch, 0);
      case "run":
        if (this.installedHash !== cmd.hash) return this.finish(ch, AGENT_MISSING_EXIT);
        return this.runAgent(ch, cmd.agent);
      case "piped":
        return this.runAgent(ch, cmd.agent);
      case "probe": {
        const ok = this.fleet.peerReaches(cmd.address, cmd.port);
        return this.finish(ch, ok ? 0 : 1, ok ? "reachable\n" : "unreachable\n");
      }
      case "sim":
        return this.runHook(ch, cmd);
      case "bad-args":
        return this.finish(ch, 2, "", cmd.message + "\n");
      case "unknown":
        return this.finish(ch, 127, "", `sh: 1: ${cmd.program}: not found\n`);
    }
  }

  private runHook(ch: ServerChannel, cmd: Extract<SimCommand, { kind: "sim" }>): void {
    const done = (r: DeviceResult) => this.finish(ch, r.code, r.stdout, r.stderr);
    if (cmd.action === "power") {
      runPowerCommand(this, cmd, this.fleet.lookup).then(done, (err: Error) => done({ code: 1, stderr: `error: ${err.message}\n` }));
      return;
    }
    if (cmd.action === "provision") {
      runProvisionCommand(this, cmd, this.fleet).then(done, (err: Error) => done({ code: 1, stderr: `error: ${err.message}\n` }));
      return;
    }
    if (cmd.action === "lb") {
      const r = runLbCommand(this, cmd, this.fleet.lookup);
      if (!cmd.dryRun && cmd.lb !== "state" && r.code === 0) this.fleet.changed();
      return done(r);
    }
    if (cmd.action === "patch") return runPatch(this, cmd, ch, (code, stdout, stderr) => this.finish(ch, code, stdout, stderr));
    if (cmd.action === "reboot") return runReboot(this, cmd, (code, stdout, stderr) => this.finish(ch, code, stdout, stderr));
    // Asking the role changes nothing. The database answers it, as psql would: not while its service is
    // stopped or a soft fence stopped it; a rebooted (powered-on) host answers, so Tandem sees two primaries.
    if (cmd.action === "role" && cmd.role === null) {
      if (this.fenced || this.mainServiceStopped()) return this.finish(ch, 2, "", `psql: error: connection to server on ${this.name} failed: is the server running?\n`);
      return this.finish(ch, 0, `${this.model.role ?? "none"}\n`);
    }
    if (cmd.dryRun) {
      if (this.fenced && cmd.action !== "fence") return this.finish(ch, 1, "", `${this.name} is fenced\n`);
      const would = cmd.action === "role" ? `become ${cmd.role}` : cmd.action === "fence" ? "fence itself" : "answer its check";
      return this.finish(ch, 0, `dry run: ${this.name} would ${would} (${this.model.role ?? "no role"})\n`);
    }
    if (cmd.action === "role" && cmd.role) {
      // Demoting rebuilds a fenced old primary as a standby: it may serve again, as a standby.
      if (cmd.role === "standby") this.fenced = false;
      this.model.setRole(cmd.role);
      this.fleet.log("info", "sim role changed", { host: this.name, role: cmd.role });
      this.fleet.changed();
      return this.finish(ch, 0, `${this.name} is now ${cmd.role}\n`);
    }
    if (cmd.action === "fence") {
      this.fenced = true;
      this.fleet.log("info", "sim host fenced", { host: this.name });
      this.fleet.changed();
      return this.finish(ch, 0, `${this.name} fenced\n`);
    }
    if (this.fenced) return this.finish(ch, 1, "", `${this.name} is fenced\n`);
    return this.finish(ch, 0, `${this.name} ok (${this.model.role ?? "no role"})\n`);
  }

  /** Whether the host's first service (its database, for a database host) is stopped by a fault. */
  private mainServiceStopped(): boolean {
    const f = this.faultMap.get("service-stopped");
    const main = this.model.services[0];
    return f !== undefined && main !== undefined && (f.service ?? main) === main;
  }

  private runAgent(ch: ServerChannel, agent: AgentInvocation): void {
    if (agent.intervalSec === null) return this.finish(ch, 0, this.render(agent));
    // Stream mode: a line now, then one per interval until the channel closes.
    const c = this.fleet.counters;
    let lines = 0;
    const emit = () => {
      if (this.faultMap.has("hang") || !ch.writable || ch.writableLength > MAX_UNSENT_BYTES) return;
      const line = this.render(agent);
      c.streamLines++;
      c.bytesOut += line.length;
      ch.write(line);
      if (agent.count !== null && ++lines >= agent.count) {
        stopStream();
        this.finish(ch, 0);
      }
    };
    const timer = setInterval(() => this.later(ch, emit), agent.intervalSec * 1000);
    this.timers.add(timer);
    c.streamsOpen++;
    // Two agent streams at once on one host means two pollers: the cluster's lease must prevent it.
    this.agentStreams++;
    if (this.agentStreams > c.maxStreamsPerHost) c.maxStreamsPerHost = this.agentStreams;
    let streaming = true;
    const stopStream = () => {
      if (!streaming) return;
      streaming = false;
      clearInterval(timer);
      this.timers.delete(timer);
      c.streamsOpen--;
      this.agentStreams--;
    };
    ch.once("close", stopStream);
    emit();
  }

  private render(agent: AgentInvocation): string {
    const sample = this.model.sample(Date.now(), this.faultMap, agent.services);
    const json = JSON.stringify(sample);
    // Cut mid-object, as a crashing or half-written agent would leave it.
    if (this.faultMap.has("malformed-output")) return json.slice(0, Math.floor(json.length / 2)) + "\n";
    return json + "\n";
  }

  /** Runs fn now, or after the slow fault's delay unless the channel closes first. */
  private later(ch: ServerChannel, fn: () => void): void {
    const slow = this.faultMap.get("slow");
    if (!slow) return fn();
    const t = setTimeout(() => {
      this.timers.delete(t);
      ch.off("close", cancel);
      fn();
    }, slow.delayMs ?? 3000);
    const cancel = () => {
      clearTimeout(t);
      this.timers.delete(t);
    };
    this.timers.add(t);
    ch.once("close", cancel);
  }

  private finish(ch: ServerChannel, code: number, stdout = "", stderr = ""): void {
    if (!ch.writable) return;
    if (stdout) {
      this.fleet.counters.bytesOut += stdout.length;
      ch.write(stdout);
    }
    if (stderr) ch.stderr.write(stderr);
    ch.exit(code);
    ch.end();
  }
}
