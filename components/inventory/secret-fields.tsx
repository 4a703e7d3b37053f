"use client";

import { TextAreaField, TextField, fieldMessage } from "@/components/ui/field";
import { PASSWORD_SECRET_MAX_LENGTH, PRIVATE_KEY_MAX_LENGTH, type TCredentialKind } from "@/server/inventory/credentials/credentials.types";
import styles from "./inventory.module.css";

/** Write-only inputs for a credential's secret: nothing here is ever filled from the server. */
export function SecretFields({ kind, errors }: { kind: TCredentialKind; errors: { secret?: string; passphrase?: string } }) {
  if (kind === "PASSWORD") {
    return (
      <div className="form-row">
        <TextField
          label="Password"
          name="secret"
          type="password"
          autoComplete="new-password"
          required
          maxLength={PASSWORD_SECRET_MAX_LENGTH}
          hint="Stored encrypted; never shown again."
          error={fieldMessage("Password", errors.secret)}
        />
      </div>
    );
  }
  return (
    <>
      <TextAreaField
        label="Private key"
        name="secret"
        className={styles.code}
        rows={8}
        required
        maxLength={PRIVATE_KEY_MAX_LENGTH}
        spellCheck={false}
        autoComplete="off"
        autoCapitalize="off"
        placeholder={"-----BEGIN OPENSSH PRIVATE KEY-----\n…\n-----END OPENSSH PRIVATE KEY-----"}
        hint="OpenSSH or PEM format. Stored encrypted; never shown again: only its public key and fingerprint are."
        error={fieldMessage("Private key", errors.secret)}
      />
      <div className="form-row">
        <TextField
          label="Passphrase"
          name="passphrase"
          type="password"
          autoComplete="new-password"
          optional
          hint="Only if the key is encrypted."
          error={fieldMessage("Passphrase", errors.passphrase)}
        />
      </div>
    </>
  );
}

/** The secret part of a form, as the API wants it (an empty passphrase is no passphrase). */
export function secretFromForm(form: FormData): { secret: string; passphrase?: string } {
  const secret = String(form.get("secret") ?? "");
  const passphrase = String(form.get("passphrase") ?? "");
  return passphrase ? { secret, passphrase } : { secret };
}
