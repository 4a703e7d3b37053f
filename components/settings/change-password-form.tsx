"use client";

import { useState, type FormEvent } from "react";
import { PASSWORD_MIN_LENGTH, type TChangePasswordRequest } from "@/components/api/types";
import { TextField, fieldMessage } from "@/components/ui/field";
import { FormActions } from "@/components/ui/form-actions";
import { QueryError, StatusMessage } from "@/components/ui/messages";
import { usePostForm } from "@/components/ui/mutations";

type Fields = "currentPassword" | "newPassword" | "confirm";

export function ChangePasswordForm() {
  const [local, setLocal] = useState<Partial<Record<Fields, string>>>({});
  const { formRef, mutation: change, fieldErrors: server } = usePostForm<TChangePasswordRequest, null>({ url: "/api/v1/account/password" });

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const currentPassword = String(form.get("currentPassword") ?? "");
    const newPassword = String(form.get("newPassword") ?? "");
    const confirm = String(form.get("confirm") ?? "");
    const problems: Partial<Record<Fields, string>> = {};
    if (!currentPassword) problems.currentPassword = "Enter your current password.";
    if (newPassword.length < PASSWORD_MIN_LENGTH) problems.newPassword = `New password must be at least ${PASSWORD_MIN_LENGTH} characters.`;
    if (confirm !== newPassword) problems.confirm = "The new passwords do not match.";
    setLocal(problems);
    if (Object.keys(problems).length > 0) {
      change.reset();
      return;
    }
    change.mutate({ currentPassword, newPassword });
  }

  return (
    <form ref={formRef} className="form" onSubmit={onSubmit} noValidate>
      <QueryError result={change} fields={["currentPassword", "newPassword"]} />
      <TextField
        label="Current password"
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        required
        error={local.currentPassword ?? fieldMessage("Current password", server.currentPassword)}
      />
      <TextField
        label="New password"
        name="newPassword"
        type="password"
        autoComplete="new-password"
        required
        minLength={PASSWORD_MIN_LENGTH}
        hint={`At least ${PASSWORD_MIN_LENGTH} characters. Your other signed-in browsers will be signed out.`}
        error={local.newPassword ?? fieldMessage("New password", server.newPassword)}
      />
      <TextField
        label="Confirm new password"
        name="confirm"
        type="password"
        autoComplete="new-password"
        required
        error={local.confirm}
      />
      <FormActions label="Change password" pendingLabel="Changing…" pending={change.isPending} />
      <StatusMessage>{change.isSuccess ? "Password changed. Your other sessions have been signed out." : null}</StatusMessage>
    </form>
  );
}
