import { createHash } from "node:crypto";
import type { Db } from "../db/client";
import type { SecretBox } from "../crypto/secret-box";
import type { Logger } from "../lib/logger";
import { loadCredentialSecret, type CredentialSecret } from "../inventory/credentials/load-credential-secret";
import { DEFAULT_INTERVAL_MS, type PollTarget } from "./poll-target";
import type { DirectoryEntry } from "../fleet/fleet-directory";

export type PollSource = Pick<DirectoryEntry, "id" | "name" | "address" | "port" | "enabled" | "credentialId" | "hostKeyFingerprint" | "pollIntervalMs" | "agentMode" | "services" | "lagProbe">;

/** Every enabled server of the inventory (as the fleet directory read it) as the poller needs it, secrets opened once per credential. */
export async function loadPollTargets(db: Db, secretBox: SecretBox, log: Logger, inventory: Iterable<PollSource>): Promise<PollTarget[]> {
  const servers = [...inventory].filter((s) => s.enabled);
  const secrets = new Map<string, CredentialSecret | null>();
  for (const id of new Set(servers.map((s) => s.credentialId).filter((x): x is string => x !== null))) {
    try {
      secrets.set(id, await loadCredentialSecret(db, secretBox, id));
    } catch (e) {
      log.error("cannot open a credential; its servers will report an authentication problem", { credentialId: id, err: (e as Error).message });
      secrets.set(id, null);
    }
  }
  return servers.map((s) => {
    const secret = s.credentialId ? secrets.get(s.credentialId) ?? null : null;
    const target = {
      id: s.id,
      name: s.name,
      address: s.address,
      port: s.port,
      credential: secret ? { username: secret.username, privateKey: secret.privateKey, passphrase: secret.passphrase, password: secret.password } : null,
      hostKeyFingerprint: s.hostKeyFingerprint,
      intervalMs: s.pollIntervalMs ?? DEFAULT_INTERVAL_MS,
      agentMode: s.agentMode,
      services: s.services,
      lagProbe: s.lagProbe,
    };
    const version = createHash("sha1")
      .update(JSON.stringify([s.address, s.port, s.credentialId, secret?.updatedAt?.getTime() ?? null, target.intervalMs, s.agentMode, s.services, s.lagProbe]))
      .digest("hex");
    return { ...target, version };
  });
}
