// The second opinion's probe (second-opinion.ts): a TCP connect from a standby
// to the primary. It needs nothing installed on the standby but bash and
// coreutils' timeout (bash's /dev/tcp does the connect; POSIX sh has no
// sockets). The real-host lab found the first version, which called a
// `tandem-probe` only the simulator knew: "not found" on every real server, so
// no second opinion and no automatic failover of a real dead host.
// Plain module: the simulator recognises the same template.

export type Target = { address: string; port: number };

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/** Seconds a standby waits for the connect: a dead host's SYN goes unanswered, so this is how long "unreachable" takes. */
export const PROBE_CONNECT_SEC = 3;

/** The probe's text around its two values; the simulator recognises the same template. */
export function probeTemplate(address: string, port: string): string {
  return (
    "command -v bash >/dev/null 2>&1 || { echo 'tandem probe: bash is missing on this standby'; exit 2; }; " +
    `if timeout ${PROBE_CONNECT_SEC} bash -c 'exec 3<>"/dev/tcp/$0/$1"' ${address} ${port} 2>/dev/null; then echo reachable; else echo unreachable; exit 1; fi`
  );
}

/** The probe of <address> <port>; throws unless both are plain (an IPv4 address or a host name, a port number). */
export function probeCommand(t: Target): string {
  if (!IPV4.test(t.address) && !HOSTNAME.test(t.address)) throw new Error(`refusing to probe ${JSON.stringify(t.address)}: not an IPv4 address or host name`);
  if (!Number.isInteger(t.port) || t.port < 1 || t.port > 65535) throw new Error(`refusing to probe port ${String(t.port)}`);
  return probeTemplate(t.address, String(t.port));
}

