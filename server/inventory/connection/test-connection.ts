// "Test connection" before or after adding a server: connect once with a stored
// credential, report the host key and what went wrong, change nothing. Each test
// is audited: it sends a stored credential to an address an admin chose.
import type { Db } from "../../db/client";
import type { SecretBox } from "../../crypto/secret-box";
import { AppError, notFound } from "../../errors/app-error";
import type { Actor } from "../../auth/principal";
import { recordAuditEvent } from "../../audit/record-audit-event";
import { testConnection } from "../../ssh/test-connection";
import { loadCredentialSecret } from "../credentials/load-credential-secret";
import type { TServerTestConnectionResult, TTestConnectionRequest, TTestConnectionResult } from "./test-connection.types";

export type ConnectionTester = typeof testConnection;

/** Only what SSH needs from a loaded credential. */
const login = ({ username, privateKey, passphrase, password }: Awaited<ReturnType<typeof loadCredentialSecret>>) => ({ username, privateKey, passphrase, password });

const credentialMissing = () => new AppError("VALIDATION", "No credential has this id", { fields: [{ path: "body.credentialId", message: "is not an existing credential" }] });

export async function testNewConnection(db: Db, box: SecretBox, actor: Actor, input: TTestConnectionRequest, tester: ConnectionTester = testConnection): Promise<TTestConnectionResult> {
  const credential = await db.credential.findUnique({ where: { id: input.credentialId }, select: { name: true } });
  if (!credential) throw credentialMissing();
  const secret = await loadCredentialSecret(db, box, input.credentialId);
  const result = await tester({ address: input.address, port: input.port, ...login(secret), expectedFingerprint: input.expectedFingerprint ?? null });
  await db.$transaction((tx) =>
    recordAuditEvent(tx, actor, {
      action: "server.test_connection",
      targetType: "server",
      details: { address: input.address, port: input.port, credential: credential.name, ok: result.ok, fingerprint: result.fingerprint, error: result.error },
    }),
  );
  return result;
}

export async function testServerConnection(db: Db, box: SecretBox, actor: Actor, serverId: string, tester: ConnectionTester = testConnection): Promise<TServerTestConnectionResult> {
  const server = await db.server.findUnique({
    where: { id: serverId },
    select: { name: true, address: true, port: true, hostKeyFingerprint: true, credential: { select: { id: true, name: true } } },
  });
  if (!server) throw notFound("Server");
  if (!server.credential) throw new AppError("CONFLICT", `Server ${server.name} has no credential; choose one first`);
  const secret = await loadCredentialSecret(db, box, server.credential.id);
  const result = await tester({ address: server.address, port: server.port, ...login(secret), expectedFingerprint: server.hostKeyFingerprint });
  await db.$transaction((tx) =>
    recordAuditEvent(tx, actor, {
      action: "server.test_connection",
      targetType: "server",
      targetId: serverId,
      details: { name: server.name, address: server.address, port: server.port, credential: server.credential!.name, ok: result.ok, fingerprint: result.fingerprint, error: result.error },
    }),
  );
  return { ...result, pinnedFingerprint: server.hostKeyFingerprint, canPin: !server.hostKeyFingerprint && result.fingerprint !== null };
}
