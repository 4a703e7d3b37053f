"use client";

import { useState, type FormEvent } from "react";
import { PASSWORD_MIN_LENGTH, type TUser } from "@/components/api/types";
import { TextField } from "@/components/ui/field";
import { FormActions } from "@/components/ui/form-actions";

/** The inline "Reset password" row of the Users table. */
export function ResetPasswordForm({
  user,
  pending,
  onSubmit,
  onCancel,
}: {
  user: TUser;
  pending: boolean;
  onSubmit: (password: string) => void;
  onCancel: () => void;
}) {
  const [error, setError] = useState<string>();

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const password = String(new FormData(e.currentTarget).get("password") ?? "");
    if (password.length < PASSWORD_MIN_LENGTH) {
      setError(`The new password must be at least ${PASSWORD_MIN_LENGTH} characters.`);
      return;
    }
    setError(undefined);
    onSubmit(password);
  }

  return (
    <form className="inline-form" onSubmit={submit} noValidate>
      <TextField
        label={`New password for ${user.email}`}
        name="password"
        type="password"
        autoComplete="new-password"
        autoFocus
        required
        minLength={PASSWORD_MIN_LENGTH}
        error={error}
        hint="Their sessions end; tell them the new password by a safe channel."
      />
      <FormActions small label="Save password" pendingLabel="Saving…" pending={pending} onCancel={onCancel} />
    </form>
  );
}
