"use client";

import { useMutation } from "@tanstack/react-query";
import { errorMessage, fetchJson } from "@/components/api/fetch-json";
import { navIcons } from "./nav-icons";

export function SignOutButton() {
  const signOut = useMutation({
    mutationFn: () => fetchJson<null>("/api/v1/auth/logout", { method: "POST" }),
    // A full navigation drops every cached query of the signed-out user.
    onSuccess: () => window.location.assign("/login"),
  });
  return (
    <>
      <button
        type="button"
        className="btn btn-ghost"
        onClick={() => signOut.mutate()}
        disabled={signOut.isPending || signOut.isSuccess}
      >
        {navIcons.signOut}
        <span>Sign out</span>
      </button>
      {signOut.isError ? (
        <div role="alert" className="alert floating-alert">
          Sign out failed: {errorMessage(signOut.error)}
        </div>
      ) : null}
    </>
  );
}
