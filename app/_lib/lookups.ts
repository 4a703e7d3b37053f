// Loading a resource named by a URL id for a page: a malformed or unknown id is
// "not found" (null), anything else is an error. Cached per request, so the
// page and its metadata read the database once.
import "server-only";
import { cache } from "react";
import { getRuntime } from "@/server/runtime";
import { isAppError } from "@/server/errors/app-error";
import { getGroup } from "@/server/groups/get-group";
import { getServer } from "@/server/inventory/servers/get-server";
import { getOperation } from "@/server/operations/get-operation";
import { listSites } from "@/server/inventory/sites/list-sites";
import type { Db } from "@/server/db/client";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The id, lower-cased, if it is a UUID at all. */
export function uuidOrNull(id: unknown): string | null {
  return typeof id === "string" && UUID.test(id) ? id.toLowerCase() : null;
}

function byId<T>(load: (db: Db, id: string) => Promise<T | null>) {
  return cache(async (id: string): Promise<T | null> => {
    const uuid = uuidOrNull(id);
    if (!uuid) return null;
    try {
      return await load(getRuntime().db, uuid);
    } catch (e) {
      if (isAppError(e) && e.code === "NOT_FOUND") return null;
      throw e;
    }
  });
}

export const loadGroup = byId(getGroup);
export const loadServer = byId(getServer);
export const loadOperation = byId(getOperation);
// Sites are few (a list, not a lookup, exists for them).
export const loadSite = byId(async (db, id) => (await listSites(db)).find((s) => s.id === id) ?? null);
