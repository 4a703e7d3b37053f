import type { Db } from "../../db/client";
import type { SecretBox } from "../../crypto/secret-box";
import { credentialInclude, toCredentialDto } from "./credential-dto";
import type { TCredential } from "./credentials.types";

export async function listCredentials(db: Db, box: SecretBox): Promise<TCredential[]> {
  const rows = await db.credential.findMany({ orderBy: { name: "asc" }, include: credentialInclude });
  return rows.map((c) => toCredentialDto(box, c));
}
