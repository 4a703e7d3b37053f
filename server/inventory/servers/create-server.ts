import type { Db } from "../../db/client";
import type { Actor } from "../../auth/principal";
import { recordAuditEvent } from "../../audit/record-audit-event";
import { isForeignKeyViolation, isUniqueViolation } from "../db-errors";
import { assertServerNameFree, referenceVanished, resolveCredential, resolveSite, serverNameTaken } from "./server-refs";
import { serverSelect, toServerDto } from "./server-dto";
import type { TCreateServerRequest, TServer } from "./servers.types";

export async function createServer(db: Db, actor: Actor, input: TCreateServerRequest): Promise<TServer> {
  try {
    return await db.$transaction(async (tx) => {
      await assertServerNameFree(tx, input.name);
      const site = await resolveSite(tx, input.siteId);
      const credential = await resolveCredential(tx, input.credentialId);
      const fingerprint = input.hostKeyFingerprint ?? null;
      const row = await tx.server.create({
        data: {
          name: input.name,
          description: input.description ?? "",
          address: input.address,
          port: input.port ?? 22,
          siteId: site?.id ?? null,
          credentialId: credential?.id ?? null,
          tags: input.tags ?? [],
          enabled: input.enabled ?? true,
          pollIntervalMs: input.pollIntervalMs ?? null,
          agentMode: input.agentMode ?? "STREAM",
          services: input.services ?? [],
          lagProbe: input.lagProbe ?? null,
          hostKeyFingerprint: fingerprint,
          hostKeyAlgorithm: fingerprint ? (input.hostKeyAlgorithm ?? null) : null,
        },
        select: serverSelect,
      });
      await recordAuditEvent(tx, actor, {
        action: "server.create",
        targetType: "server",
        targetId: row.id,
        details: {
          name: row.name,
          address: row.address,
          port: row.port,
          site: site?.name ?? null,
          credential: credential?.name ?? null,
          tags: row.tags,
          enabled: row.enabled,
          agentMode: row.agentMode,
          pollIntervalMs: row.pollIntervalMs,
          services: row.services,
          lagProbe: row.lagProbe,
          hostKeyFingerprint: row.hostKeyFingerprint,
        },
      });
      return toServerDto(row);
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw serverNameTaken(input.name, input.name, e);
    if (isForeignKeyViolation(e)) throw referenceVanished(e);
    throw e;
  }
}
