import type { Db } from "../db/client";
import type { THostState } from "../health/health.types";

/** What the fleet view shows of a server that does not come from polling. */
export type DirectoryEntry = {
  id: string;
  name: string;
  address: string;
  site: { id: string; name: string } | null;
  tags: string[];
  enabled: boolean;
  pollIntervalMs: number | null;
  /** What the poller needs too: one query serves both. */
  port: number;
  credentialId: string | null;
  hostKeyFingerprint: string | null;
  agentMode: "STREAM" | "EXEC";
  services: string[];
  lagProbe: string | null;
  /** As last persisted: the starting point before the first poll. */
  state: THostState;
  stateSince: Date;
  stateReason: string | null;
  lastSampleAt: Date | null;
};

type DirectoryRow = Omit<DirectoryEntry, "site"> & { siteId: string | null; siteName: string | null };

/**
 * Every server, by name. One plain query rather than findMany with the site
 * relation: at 10,000 servers Prisma's result mapping of the relation took
 * 130-350 ms of the event loop, this takes about 60.
 */
export async function loadDirectory(db: Db): Promise<Map<string, DirectoryEntry>> {
  const rows = await db.$queryRaw<DirectoryRow[]>`
    SELECT s.id, s.name, s.address, s.port, s.tags, s.enabled, s."pollIntervalMs", s.state::text AS state, s."stateSince", s."stateReason", s."lastSampleAt",
           s."credentialId", s."hostKeyFingerprint", s."agentMode"::text AS "agentMode", s.services, s."lagProbe", s."siteId", st.name AS "siteName"
    FROM "Server" s LEFT JOIN "Site" st ON st.id = s."siteId"
    ORDER BY s.name`;
  const d = new Map<string, DirectoryEntry>();
  for (const { siteId, siteName, ...r } of rows) d.set(r.id, { ...r, site: siteId && siteName !== null ? { id: siteId, name: siteName } : null });
  return d;
}

/**
 * A fingerprint, computed in PostgreSQL, of everything the directory and the
 * poll targets are made of but the persisted health (only a starting point):
 * a reload whose fingerprint has not changed can keep what it has. One short
 * row instead of the whole inventory every 10 s on every node.
 */
export async function inventoryVersion(db: Db): Promise<string> {
  const [v] = await db.$queryRaw<{ servers: string; credentials: string }[]>`
    SELECT
      (SELECT count(*) || ':' || coalesce(md5(string_agg(
         (s.id, s.name, s.address, s.port, s."siteId", st.name, s.tags, s.enabled, s."pollIntervalMs", s."credentialId", s."hostKeyFingerprint", s."agentMode", s.services, s."lagProbe")::text,
         ';' ORDER BY s.id)), '')
       FROM "Server" s LEFT JOIN "Site" st ON st.id = s."siteId") AS servers,
      (SELECT count(*) || ':' || coalesce(md5(string_agg((c.id, c.username, c."updatedAt", md5(c."secretCiphertext"))::text, ';' ORDER BY c.id)), '')
       FROM "Credential" c) AS credentials`;
  return `${v!.servers}/${v!.credentials}`;
}

/** A cheap fingerprint of the inventory: changes when any server row does. */
export function directoryVersion(d: Map<string, DirectoryEntry>): string {
  let s = "";
  for (const e of d.values()) s += `${e.id}:${e.name}:${e.address}:${e.site?.name ?? ""}:${e.tags.join(",")}:${e.enabled};`;
  return `${d.size}:${s.length}:${hash(s)}`;
}

function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}
