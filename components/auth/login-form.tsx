"use client";

import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { ApiError, fetchJson, formErrorMessage } from "@/components/api/fetch-json";
import type { TLoginRequest, TLoginResponse } from "@/components/api/types";
import { TextField, fieldMessage } from "@/components/ui/field";
import { ErrorAlert } from "@/components/ui/messages";

function waitText(seconds: number): string {
  if (seconds < 90) return `${seconds} seconds`;
  return `${Math.ceil(seconds / 60)} minutes`;
}

function loginError(e: unknown): string {
  if (e instanceof ApiError && e.status === 429) {
    // Retry-After is when the oldest failure leaves the counting window.
    return e.retryAfter ? `Too many failed sign-in attempts. Try again in ${waitText(e.retryAfter)}.` : e.detail;
  }
  return formErrorMessage(e, ["email", "password"]);
}

/** `next` is already checked to be a path on this site (see safe-next.ts). */
export function LoginForm({ next }: { next: string }) {
  const [local, setLocal] = useState<{ email?: string; password?: string }>({});
  const login = useMutation({
    mutationFn: (body: TLoginRequest) => fetchJson<TLoginResponse>("/api/v1/auth/login", { method: "POST", body }),
    meta: { authForm: true },
    onSuccess: () => window.location.assign(next),
  });
  const server = login.error instanceof ApiError ? login.error.fieldErrors() : {};

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const email = String(form.get("email") ?? "");
    const password = String(form.get("password") ?? "");
    const problems: typeof local = {};
    if (!email.trim()) problems.email = "Enter your email address.";
    if (!password) problems.password = "Enter your password.";
    setLocal(problems);
    if (problems.email || problems.password) {
      login.reset();
      return;
    }
    login.mutate({ email, password });
  }

  const busy = login.isPending || login.isSuccess;
  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      {login.isError ? <ErrorAlert>{loginError(login.error)}</ErrorAlert> : null}
      <TextField
        label="Email"
        name="email"
        type="email"
        autoComplete="username"
        required
        autoFocus
        error={local.email ?? fieldMessage("Email", server.email)}
      />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        error={local.password ?? fieldMessage("Password", server.password)}
      />
      <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
        {busy ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
