import type { SecretBox } from "../../crypto/secret-box";
import { openCredential } from "./credential-secret";
import type { TCredential, TCredentialKind } from "./credentials.types";

type CredentialRow = {
  id: string;
  name: string;
  username: string;
  kind: TCredentialKind;
  secretCiphertext: Uint8Array;
  createdAt: Date;
  updatedAt: Date;
  _count: { servers: number };
};

export const credentialInclude = { _count: { select: { servers: true } } } as const;

/** The public facts of a credential; the sealed secret is opened only to read its public key. */
export function toCredentialDto(box: SecretBox, c: CredentialRow): TCredential {
  let secret: ReturnType<typeof openCredential> | null = null;
  try {
    secret = openCredential(box, c.secretCiphertext);
  } catch {
    // Sealed under another TANDEM_SECRET (or damaged): listed as unreadable, never fatal to the list.
  }
  const key = secret?.kind === "PRIVATE_KEY" ? secret : null;
  return {
    id: c.id,
    name: c.name,
    username: c.username,
    kind: c.kind,
    publicKey: key?.publicKey ?? null,
    fingerprint: key?.fingerprint ?? null,
    keyType: key?.keyType ?? null,
    secretReadable: secret !== null,
    usedBy: c._count.servers,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}
