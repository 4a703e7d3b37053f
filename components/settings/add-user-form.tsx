"use client";

import { useState, type FormEvent } from "react";
import { ROLES } from "@/server/auth/roles";
import { PASSWORD_MIN_LENGTH, type TCreateUserRequest, type TRole, type TUser } from "@/components/api/types";
import { SelectField, TextField, fieldMessage } from "@/components/ui/field";
import { FormActions } from "@/components/ui/form-actions";
import { QueryError } from "@/components/ui/messages";
import { usePostForm } from "@/components/ui/mutations";
import { USERS_KEY } from "./queries";

type Fields = "email" | "name" | "password";

export function AddUserForm({ onAdded }: { onAdded: (u: TUser) => void }) {
  const [local, setLocal] = useState<Partial<Record<Fields, string>>>({});
  const { formRef, mutation: add, fieldErrors: server } = usePostForm<TCreateUserRequest, TUser>({ url: "/api/v1/users", invalidate: [USERS_KEY], onDone: onAdded });

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const email = String(form.get("email") ?? "").trim();
    const name = String(form.get("name") ?? "").trim();
    const role = String(form.get("role")) as TRole;
    const password = String(form.get("password") ?? "");
    const problems: Partial<Record<Fields, string>> = {};
    if (!email) problems.email = "Enter their email address.";
    if (!name) problems.name = "Enter their name.";
    if (password.length < PASSWORD_MIN_LENGTH) problems.password = `Initial password must be at least ${PASSWORD_MIN_LENGTH} characters.`;
    setLocal(problems);
    if (Object.keys(problems).length > 0) {
      add.reset();
      return;
    }
    add.mutate({ email, name, role, password });
  }

  return (
    <form ref={formRef} className="form" onSubmit={onSubmit} noValidate>
      <QueryError result={add} fields={["email", "name", "role", "password"]} />
      <div className="form-row">
        <TextField label="Email" name="email" type="email" autoComplete="off" required error={local.email ?? fieldMessage("Email", server.email)} />
        <TextField label="Name" name="name" autoComplete="off" required maxLength={100} error={local.name ?? fieldMessage("Name", server.name)} />
        <SelectField label="Role" name="role" defaultValue="VIEWER" error={fieldMessage("Role", server.role)}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </SelectField>
        <TextField
          label="Initial password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={PASSWORD_MIN_LENGTH}
          hint={`At least ${PASSWORD_MIN_LENGTH} characters.`}
          error={local.password ?? fieldMessage("Initial password", server.password)}
        />
      </div>
      <FormActions label="Add user" pendingLabel="Adding…" pending={add.isPending} />
    </form>
  );
}
