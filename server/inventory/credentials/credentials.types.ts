import { z } from "zod";

export const CREDENTIAL_KINDS = ["PRIVATE_KEY", "PASSWORD"] as const;
export const ZCredentialKind = z.enum(CREDENTIAL_KINDS);
export type TCredentialKind = z.infer<typeof ZCredentialKind>;

/** A private key in OpenSSH or PEM format is a few KB; 16 KB leaves room for RSA 8192 with comments. */
export const PRIVATE_KEY_MAX_LENGTH = 16_384;
export const PASSWORD_SECRET_MAX_LENGTH = 1024;

export const ZCredentialName = z
  .string()
  .trim()
  .min(1, "is required")
  .max(64, "must be at most 64 characters")
  .regex(/^[^\p{Cc}]+$/u, "must not contain control characters");
// Login names as sshd accepts them: no whitespace or control characters (covers user@REALM).
export const ZSshUsername = z
  .string()
  .trim()
  .min(1, "is required")
  .max(128, "must be at most 128 characters")
  .regex(/^[^\s\p{Cc}]+$/u, "must not contain spaces or control characters");
const ZSecret = z.string().min(1, "is required").max(PRIVATE_KEY_MAX_LENGTH, `must be at most ${PRIVATE_KEY_MAX_LENGTH} characters`);
const ZPassphrase = z.string().max(1024, "must be at most 1024 characters");

/** What the API says about a credential. The secret itself is never in any response. */
export const ZCredential = z.object({
  id: z.uuid(),
  name: z.string(),
  username: z.string(),
  kind: ZCredentialKind,
  /** PRIVATE_KEY: the public half as an authorized_keys line, to install on servers. */
  publicKey: z.string().nullable(),
  /** PRIVATE_KEY: "SHA256:…" as `ssh-keygen -l` prints it. */
  fingerprint: z.string().nullable(),
  keyType: z.string().nullable(),
  /** False when the sealed secret cannot be opened (TANDEM_SECRET changed): re-enter it. */
  secretReadable: z.boolean(),
  /** Servers using this credential; one in use cannot be deleted. */
  usedBy: z.number().int().nonnegative(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type TCredential = z.infer<typeof ZCredential>;

export const ZCredentialList = z.object({ credentials: z.array(ZCredential) });

/** Rules that depend on the kind: a passphrase belongs to a key, a password is shorter. */
function checkSecretForKind(v: { kind?: TCredentialKind | undefined; secret?: string | undefined; passphrase?: string | undefined }, ctx: z.RefinementCtx): void {
  if (v.kind === "PASSWORD" && v.passphrase) ctx.addIssue({ code: "custom", path: ["passphrase"], message: "is only for private keys" });
  if (v.kind === "PASSWORD" && v.secret !== undefined && v.secret.length > PASSWORD_SECRET_MAX_LENGTH) {
    ctx.addIssue({ code: "custom", path: ["secret"], message: `must be at most ${PASSWORD_SECRET_MAX_LENGTH} characters for a password` });
  }
}

export const ZCreateCredentialRequest = z
  .strictObject({
    name: ZCredentialName,
    username: ZSshUsername,
    kind: ZCredentialKind,
    /** PRIVATE_KEY: the private key (OpenSSH or PEM). PASSWORD: the password. */
    secret: ZSecret,
    /** PRIVATE_KEY only: the key's passphrase, when it is encrypted. */
    passphrase: ZPassphrase.optional(),
  })
  .superRefine(checkSecretForKind);
export type TCreateCredentialRequest = z.infer<typeof ZCreateCredentialRequest>;

export const ZUpdateCredentialRequest = z
  .strictObject({
    name: ZCredentialName.optional(),
    username: ZSshUsername.optional(),
    /** Changing the kind needs a new secret. */
    kind: ZCredentialKind.optional(),
    /** Replaces the secret; omit to keep it. */
    secret: ZSecret.optional(),
    passphrase: ZPassphrase.optional(),
  })
  .superRefine((v, ctx) => {
    if (Object.values(v).every((x) => x === undefined)) ctx.addIssue({ code: "custom", path: [], message: "must change at least one field" });
    if (v.passphrase !== undefined && v.secret === undefined) ctx.addIssue({ code: "custom", path: ["passphrase"], message: "goes with a new key in secret" });
    if (v.kind !== undefined && v.secret === undefined) ctx.addIssue({ code: "custom", path: ["secret"], message: "is required when the kind changes" });
    checkSecretForKind(v, ctx);
  });
export type TUpdateCredentialRequest = z.infer<typeof ZUpdateCredentialRequest>;

export const ZCredentialIdParams = z.object({ id: z.uuid("must be a credential id (UUID)") });
