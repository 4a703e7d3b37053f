// Every polled server holds one TCP socket, one file descriptor, for as long as
// it is polled. A process whose open-file limit is below its servers plus what
// it needs besides (database pool, listening sockets, Next's files) fails the
// connections past the limit with EMFILE, and with them its database queries:
// say so plainly, once, rather than leave it to a stack of EMFILE errors.
import { readFileSync } from "node:fs";

/** File descriptors a node needs besides its SSH connections, with room to spare. */
export const OTHER_FILES = 256;

/** The soft open-file limit of this process (Linux's /proc/self/limits), or null where it cannot be read. */
export function openFileLimit(limits: () => string = () => readFileSync("/proc/self/limits", "utf8")): number | null {
  try {
    const m = /^Max open files\s+(\d+|unlimited)\s/m.exec(limits());
    if (!m) return null;
    return m[1] === "unlimited" ? Infinity : Number(m[1]);
  } catch {
    return null;
  }
}

/** What to tell the operator when `servers` connections do not fit under `limit`; null when they do. */
export function openFilesWarning(servers: number, limit: number | null): string | null {
  if (limit === null || servers + OTHER_FILES <= limit) return null;
  return (
    `this process polls ${servers} servers, one SSH connection each, but may open only ${limit} files: ` +
    `connections past the limit fail (EMFILE), and database queries with them. Raise the limit ` +
    `(LimitNOFILE= in the systemd unit, ulimit -n) to at least ${servers + OTHER_FILES}, or spread the servers over more processes (TANDEM_WORKERS) or nodes`
  );
}
