// A simulated fleet: many virtual hosts behind real SSH on loopback addresses,
// with faults a test, benchmark or admin can inject and clear.
import { createPublicKey, verify as verifyWith } from "node:crypto";
import { agentScript } from "../../server/agent/agent-command";
import ssh2, { type ParsedKey } from "ssh2";
import { SIM_FAULTS, type SimFault, type SimFaultParams, type SimFleet, type SimFleetOptions, type SimHostInfo, type SimHostSpec, type SimStats } from "./sim-types";
import { VirtualHost, type FleetContext, type FleetCounters } from "./virtual-host";

const LOOPBACK = /^127\.(25[0-5]|2[0-4]\d|1?\d?\d)\.(25[0-5]|2[0-4]\d|1?\d?\d)\.(25[0-5]|2[0-4]\d|1?\d?\d)$/;
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
/** Listeners opened at once while starting: enough to be quick, few enough not to spike. */
const START_BATCH = 500;

export const DEFAULT_SIM_PASSWORD = "tandem-sim";
export const DEFAULT_SIM_USERNAME = "tandem";

export function isSimFault(s: unknown): s is SimFault {
  return typeof s === "string" && (SIM_FAULTS as readonly string[]).includes(s);
}

function parseAuthorizedKeys(lines: string[]): ParsedKey[] {
  return lines.map((line) => {
    const k = ssh2.utils.parseKey(line);
    if (k instanceof Error) throw new Error(`authorizedKeys: ${k.message}`);
    return verifyingWithKeyObject(Array.isArray(k) ? k[0]! : k);
  });
}

/**
 * ssh2 verifies with the key's PEM text, which OpenSSL re-parses for every
 * client signature (0.3-0.5 ms each: in a ramp of 20,000 connections the
 * simulator, standing in for OpenSSH's C, cost more than it should). The same
 * check with a key object parsed once; ssh2 passes the hash where there is one.
 */
function verifyingWithKeyObject(key: ParsedKey): ParsedKey {
  const keyObject = createPublicKey(key.getPublicPEM());
  const sshVerify = key.verify.bind(key);
  key.verify = (data, signature, algo) => {
    if (!algo && key.type !== "ssh-ed25519") return sshVerify(data, signature, algo);
    try {
      return verifyWith(algo ?? null, typeof data === "string" ? Buffer.from(data) : data, keyObject, signature);
    } catch {
      return false;
    }
  };
  return key;
}

export async function startSimFleet(opts: SimFleetOptions): Promise<SimFleet> {
  const log = opts.log ?? (() => {});
  const byName = new Map<string, VirtualHost>();
  const byEndpoint = new Map<string, VirtualHost>();
  const byAddress = new Map<string, VirtualHost[]>();
  const counters: FleetCounters = { connectionsTotal: 0, authFailures: 0, execs: 0, execsByKind: {}, streamsOpen: 0, maxStreamsPerHost: 0, streamLines: 0, bytesOut: 0 };
  let restoring = false;
  const ctx: FleetContext = {
    seed: opts.seed ?? 1,
    username: opts.username ?? DEFAULT_SIM_USERNAME,
    password: Buffer.from(opts.password ?? DEFAULT_SIM_PASSWORD),
    authorizedKeys: parseAuthorizedKeys(opts.authorizedKeys ?? []),
    preinstalledHash: opts.preinstalled ? agentScript().hash : null,
    peerReaches(address, port) {
      const ssh = byEndpoint.get(`${address}:${port}`);
      if (ssh) return ssh.reachableByPeers;
      return byAddress.get(address)?.some((h) => h.serviceReachable(port)) ?? false;
    },
    lookup: (name) => byName.get(name),
    all: () => all,
    addHost: (spec) => addHost(spec),
    counters,
    timing: { patchMs: 2500, rebootDelayMs: 1000, bootMs: 3500, ...opts.timing },
    log,
    changed: () => {
      if (restoring) return;
      try {
        opts.onChange?.();
      } catch (err) {
        log("warn", "sim state listener failed", { error: (err as Error).message });
      }
    },
  };

  const all: VirtualHost[] = [];
  const register = (spec: SimHostSpec, added: boolean): VirtualHost => {
    if (!NAME.test(spec.name)) throw new Error(`sim host name ${JSON.stringify(spec.name)} is not a host name`);
    if (!LOOPBACK.test(spec.address)) throw new Error(`sim host ${spec.name}: ${spec.address} is not a 127.x.y.z address`);
    if (byName.has(spec.name)) throw new Error(`sim host ${spec.name} is listed twice`);
    const host = new VirtualHost(spec, ctx, Date.now(), added);
    const endpoint = `${host.address}:${host.port}`;
    if (byEndpoint.has(endpoint)) throw new Error(`sim hosts ${byEndpoint.get(endpoint)!.name} and ${spec.name} share ${endpoint}`);
    byName.set(spec.name, host);
    byEndpoint.set(endpoint, host);
    byAddress.set(host.address, [...(byAddress.get(host.address) ?? []), host]);
    all.push(host);
    return host;
  };
  const unregister = (host: VirtualHost) => {
    byName.delete(host.name);
    byEndpoint.delete(`${host.address}:${host.port}`);
    byAddress.set(host.address, (byAddress.get(host.address) ?? []).filter((h) => h !== host));
    all.splice(all.indexOf(host), 1);
  };
  let stopped = false;
  async function addHost(spec: SimHostSpec): Promise<VirtualHost> {
    if (stopped) throw new Error("the sim fleet is stopped");
    const host = register(spec, true);
    try {
      await host.start();
    } catch (err) {
      unregister(host);
      await host.stop();
      throw new Error(`sim host ${spec.name} could not listen on ${host.address}:${host.port}: ${(err as Error).message}`, { cause: err });
    }
    log("info", "sim host added", { host: spec.name, address: host.address });
    ctx.changed();
    return host;
  }

  for (const spec of opts.hosts) register(spec, false);
  // Hosts added in a previous run (a provisioned VM) exist again, before anyone connects.
  for (const was of opts.initialState ?? []) if (was.spec && !byName.has(was.spec.name)) register(was.spec, true);
  try {
    for (let i = 0; i < all.length; i += START_BATCH) await Promise.all(all.slice(i, i + START_BATCH).map((h) => h.start()));
  } catch (err) {
    await Promise.all(all.map((h) => h.stop()));
    throw new Error(`sim fleet could not listen: ${(err as Error).message}`, { cause: err });
  }
  if (opts.initialState?.length) {
    // Before anyone connects: whoever restarted the simulator finds the hosts as they were.
    restoring = true;
    try {
      for (const was of opts.initialState) await byName.get(was.name)?.restore(was);
    } finally {
      restoring = false;
    }
    log("info", "sim fleet state taken back", { hosts: opts.initialState.length });
  }
  log("info", "sim fleet listening", { hosts: all.length });

  const get = (name: string) => {
    const h = byName.get(name);
    if (!h) throw new Error(`no sim host named ${JSON.stringify(name)}`);
    return h;
  };

  return {
    get hosts(): SimHostInfo[] {
      return all.map((h) => h.info());
    },
    host: (name) => get(name).info(),
    inject(name, fault, params: SimFaultParams = {}) {
      if (!isSimFault(fault)) throw new Error(`unknown sim fault ${JSON.stringify(fault)}`);
      return get(name).inject(fault, params);
    },
    clear(name, fault) {
      if (fault !== undefined && !isSimFault(fault)) throw new Error(`unknown sim fault ${JSON.stringify(fault)}`);
      return get(name).clear(fault);
    },
    faults: (name) => [...get(name).faults].map(([fault, params]) => ({ fault, params })),
    power(name, power, opts = {}) {
      if (power !== "on" && power !== "off") throw new Error(`power must be "on" or "off", not ${JSON.stringify(power)}`);
      return get(name).power(power, opts.by);
    },
    lbBackends: (lbName) => get(lbName).lbBackends(),
    state: () => all.map((h) => h.state()),
    addHost: async (spec) => (await addHost(spec)).info(),
    stats(): SimStats {
      const cpu = process.cpuUsage();
      const mem = process.memoryUsage();
      let listening = 0;
      let connections = 0;
      let activeFaults = 0;
      let poweredOff = 0;
      for (const h of all) {
        if (!h.poweredOn) poweredOff++;
        if (h.listening) listening++;
        connections += h.connectionCount;
        activeFaults += h.faults.size;
      }
      return {
        hosts: all.length,
        listening,
        connections,
        activeFaults,
        poweredOff,
        ...counters,
        execsByKind: { ...counters.execsByKind },
        cpuUserMs: cpu.user / 1000,
        cpuSystemMs: cpu.system / 1000,
        rssBytes: mem.rss,
        heapUsedBytes: mem.heapUsed,
      };
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await Promise.all(all.map((h) => h.stop()));
      log("info", "sim fleet stopped", { hosts: all.length });
    },
  };
}
