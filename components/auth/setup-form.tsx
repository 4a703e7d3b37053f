"use client";

import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { ApiError, fetchJson, formErrorMessage } from "@/components/api/fetch-json";
import { PASSWORD_MIN_LENGTH, type TLoginResponse, type TSetupRequest } from "@/components/api/types";
import { TextField, fieldMessage } from "@/components/ui/field";
import { ErrorAlert } from "@/components/ui/messages";

type Fields = "name" | "email" | "password" | "confirm";

export function SetupForm() {
  const [local, setLocal] = useState<Partial<Record<Fields, string>>>({});
  const setup = useMutation({
    mutationFn: (body: TSetupRequest) => fetchJson<TLoginResponse>("/api/v1/setup", { method: "POST", body }),
    // A full navigation: the new session cookie must reach the server-rendered shell.
    onSuccess: () => window.location.assign("/fleet"),
  });

  const server = setup.error instanceof ApiError ? setup.error.fieldErrors() : {};
  const err = (f: Fields, label: string) => local[f] ?? fieldMessage(label, server[f]);

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const name = String(form.get("name") ?? "");
    const email = String(form.get("email") ?? "");
    const password = String(form.get("password") ?? "");
    const confirm = String(form.get("confirm") ?? "");
    const problems: Partial<Record<Fields, string>> = {};
    if (!name.trim()) problems.name = "Enter your name.";
    if (!email.trim()) problems.email = "Enter your email address.";
    if (password.length < PASSWORD_MIN_LENGTH) problems.password = `Password must be at least ${PASSWORD_MIN_LENGTH} characters.`;
    if (confirm !== password) problems.confirm = "The passwords do not match.";
    setLocal(problems);
    if (Object.keys(problems).length > 0) {
      setup.reset(); // stale server errors would contradict the fresh ones
      return;
    }
    setup.mutate({ name, email, password });
  }

  const busy = setup.isPending || setup.isSuccess;
  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      {setup.isError ? <ErrorAlert>{formErrorMessage(setup.error, ["name", "email", "password"])}</ErrorAlert> : null}
      <TextField label="Name" name="name" autoComplete="name" required error={err("name", "Name")} />
      <TextField label="Email" name="email" type="email" autoComplete="email" required error={err("email", "Email")} />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={PASSWORD_MIN_LENGTH}
        hint={`At least ${PASSWORD_MIN_LENGTH} characters.`}
        error={err("password", "Password")}
      />
      <TextField label="Confirm password" name="confirm" type="password" autoComplete="new-password" required error={err("confirm", "Confirm password")} />
      <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
        {busy ? "Creating account…" : "Create admin account"}
      </button>
    </form>
  );
}
