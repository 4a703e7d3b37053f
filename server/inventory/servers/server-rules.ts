// The shape rules for servers, shared by the API schemas, the Ansible import
// and the browser's form checks (no Node-only imports here).
import { z } from "zod";

/** Starts with a letter or digit; letters, digits, dots, dashes, underscores; 63 at most (a DNS label's length). */
export const SERVER_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
export const TAG_PATTERN = /^[a-z0-9][a-z0-9:._-]*$/;
export const TAG_MAX_LENGTH = 64;
export const MAX_TAGS = 32;
/** As server/agent/agent-command.ts accepts them (systemd unit or process names). */
export { SERVICE_NAME as SERVICE_NAME_PATTERN } from "../../agent/service-name";
export const MAX_SERVICES = 64;
/** OpenSSH's "SHA256:" + 43 base64 characters (32 bytes, no padding). */
export const FINGERPRINT_PATTERN = /^SHA256:[A-Za-z0-9+/]{43}$/;
export const HOST_KEY_ALGORITHM_PATTERN = /^[a-z0-9][a-z0-9@.-]{0,63}$/;
export const DEFAULT_POLL_INTERVAL_MS = 5000;
// Sub-second polls suit a critical primary: the agent streams a line per interval over one session.
export const MIN_POLL_INTERVAL_MS = 250;
export const MAX_POLL_INTERVAL_MS = 3_600_000;
export const LAG_PROBE_MAX_LENGTH = 4096;

const HOST_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const ipv4 = z.ipv4();
const ipv6 = z.ipv6();

export function isIpv4(s: string): boolean {
  return ipv4.safeParse(s).success;
}

export function isIpv6(s: string): boolean {
  return ipv6.safeParse(s).success;
}

/** An RFC 1123 host name. The last label is not all digits, so "10.0.0.256" is a bad IPv4 address, not a name. */
export function isHostname(s: string): boolean {
  if (s.length === 0 || s.length > 253) return false;
  const labels = (s.endsWith(".") ? s.slice(0, -1) : s).split(".");
  if (!labels.every((l) => HOST_LABEL.test(l))) return false;
  return !/^\d+$/.test(labels[labels.length - 1]!);
}

/** Where SSH connects: a host name, or an IPv4 or IPv6 literal (without brackets). */
export function isValidAddress(s: string): boolean {
  return isIpv4(s) || isIpv6(s) || isHostname(s);
}

export function dedupe<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}
