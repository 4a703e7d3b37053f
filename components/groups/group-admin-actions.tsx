"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useRef, useState } from "react";
import { ApiError, errorMessage, fetchJson } from "@/components/api/fetch-json";
import { ErrorAlert } from "@/components/ui/messages";
import { useInvalidate } from "@/components/ui/mutations";
import { GROUPS_KEY } from "./queries";
import { useIsAdmin } from "./use-is-admin";
import type { TGroup } from "./types";

/** Edit and Delete (with a confirm step) for admins; others see nothing. */
export function GroupAdminActions({ group }: { group: TGroup }) {
  const isAdmin = useIsAdmin();
  const router = useRouter();
  const invalidate = useInvalidate(GROUPS_KEY);
  const [confirming, setConfirming] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const id = useId();
  const del = useMutation({
    mutationFn: () => fetchJson<null>(`/api/v1/groups/${encodeURIComponent(group.id)}`, { method: "DELETE" }),
    onSuccess: () => router.push("/groups"),
    onSettled: invalidate,
  });
  if (!isAdmin) return null;

  function cancel() {
    setConfirming(false);
    del.reset();
    opener.current?.focus();
  }

  const conflict = del.error instanceof ApiError && del.error.status === 409;
  return (
    <div className="stack">
      <div className="form-actions">
        <Link className="btn btn-sm" href={`/groups/${encodeURIComponent(group.id)}/edit`}>
          Edit group
        </Link>
        <button type="button" ref={opener} className="btn btn-sm btn-danger" aria-expanded={confirming} aria-controls={confirming ? `${id}-confirm` : undefined} onClick={() => (confirming ? cancel() : setConfirming(true))}>
          Delete group…
        </button>
      </div>
      {confirming ? (
        <div id={`${id}-confirm`}>
          <div className="confirm" role="group" aria-labelledby={`${id}-q`}>
            <span id={`${id}-q`}>
              Delete {group.name}? Its {group.members.length === 1 ? "member leaves" : `${group.members.length} members leave`} the group; the servers themselves stay in the inventory.
            </span>
            <button type="button" className="btn btn-sm btn-danger-solid" onClick={() => del.mutate()} disabled={del.isPending}>
              {del.isPending ? "Deleting…" : "Yes, delete"}
            </button>
            <button type="button" className="btn btn-sm" autoFocus onClick={cancel}>
              Cancel
            </button>
          </div>
          {del.isError ? <ErrorAlert>{conflict ? `Not deleted: ${errorMessage(del.error)}` : errorMessage(del.error)}</ErrorAlert> : null}
        </div>
      ) : null}
    </div>
  );
}
