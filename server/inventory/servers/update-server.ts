// Edits, enable/disable, pinning a host key and forgetting one. A new address or
// port keeps the pinned key unless the admin resets it: if the host behind the
// new address is a different machine, the next connection is refused and
// raises a host-key alert, which is the point of pinning.
import type { Db } from "../../db/client";
import { notFound } from "../../errors/app-error";
import type { Actor } from "../../auth/principal";
import { recordAuditEvent } from "../../audit/record-audit-event";
import { isForeignKeyViolation, isUniqueViolation } from "../db-errors";
import { assertServerNameFree, referenceVanished, resolveCredential, resolveSite, serverNameTaken } from "./server-refs";
import { serverSelect, toServerDto } from "./server-dto";
import type { TServer, TUpdateServerRequest } from "./servers.types";

const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

export async function updateServer(db: Db, actor: Actor, id: string, input: TUpdateServerRequest): Promise<TServer> {
  try {
    return await db.$transaction(async (tx) => {
      const before = await tx.server.findUnique({ where: { id }, select: serverSelect });
      if (!before) throw notFound("Server");
      if (input.name !== undefined && input.name !== before.name) await assertServerNameFree(tx, input.name, id);
      const site = await resolveSite(tx, input.siteId);
      const credential = await resolveCredential(tx, input.credentialId);

      const hostKey =
        input.resetHostKey === true
          ? { hostKeyFingerprint: null, hostKeyAlgorithm: null }
          : input.hostKeyFingerprint !== undefined
            ? { hostKeyFingerprint: input.hostKeyFingerprint, hostKeyAlgorithm: input.hostKeyAlgorithm ?? null }
            : {};

      const row = await tx.server.update({
        where: { id },
        data: {
          name: input.name,
          description: input.description,
          address: input.address,
          port: input.port,
          siteId: site === undefined ? undefined : (site?.id ?? null),
          credentialId: credential === undefined ? undefined : (credential?.id ?? null),
          tags: input.tags,
          enabled: input.enabled,
          pollIntervalMs: input.pollIntervalMs,
          agentMode: input.agentMode,
          services: input.services,
          lagProbe: input.lagProbe,
          ...hostKey,
        },
        select: serverSelect,
      });

      const changes: Record<string, unknown> = {};
      const note = (field: string, from: unknown, to: unknown) => {
        if (JSON.stringify(from) !== JSON.stringify(to)) changes[field] = { from, to };
      };
      for (const f of ["description", "address", "port", "enabled", "pollIntervalMs", "agentMode", "lagProbe", "hostKeyFingerprint"] as const) note(f, before[f], row[f]);
      note("renamed", before.name, row.name);
      note("site", before.site?.name ?? null, row.site?.name ?? null);
      note("credential", before.credential?.name ?? null, row.credential?.name ?? null);
      if (!sameList(before.tags, row.tags)) changes.tags = { from: before.tags, to: row.tags };
      if (!sameList(before.services, row.services)) changes.services = { from: before.services, to: row.services };
      const action = Object.keys(changes).length === 1 && "enabled" in changes ? (row.enabled ? "server.enable" : "server.disable") : "server.update";
      await recordAuditEvent(tx, actor, { action, targetType: "server", targetId: id, details: { name: row.name, ...changes } as object });
      return toServerDto(row);
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw serverNameTaken(input.name ?? "", undefined, e);
    if (isForeignKeyViolation(e)) throw referenceVanished(e);
    throw e;
  }
}
