"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useRef, useState } from "react";
import { errorMessage, fetchJson } from "@/components/api/fetch-json";
import { OPERATIONS_KEY, operationKey, useCanOperate } from "@/components/operations/queries";
import type { TOperation } from "@/components/operations/types";
import { TextField } from "@/components/ui/field";
import { ErrorAlert } from "@/components/ui/messages";
import { Panel } from "@/components/ui/panel";
import { SERVERS_KEY } from "@/components/inventory/queries";
import type { TGroup } from "./types";
import styles from "./groups.module.css";

/** The provision hook's server, by name (a link), once known. */
function ProvisionServer({ id }: { id: string }) {
  const q = useQuery({
    queryKey: [...SERVERS_KEY, "one", id],
    queryFn: ({ signal }) => fetchJson<{ name: string }>(`/api/v1/servers/${encodeURIComponent(id)}`, { signal }),
    staleTime: 60_000,
  });
  return <Link href={`/servers/${id}`}>{q.data?.name ?? "its server"}</Link>;
}

function RestoreSetting({ g }: { g: TGroup }) {
  const { provision, join, afterMinutes } = g.restore;
  return (
    <dl className="dl" data-testid="restore-setting">
      <dt>Provision hook</dt>
      <dd>
        {provision ? (
          <>
            on <ProvisionServer id={provision.serverId} />: <code className={styles.hookCode}>{provision.command}</code> <span className="muted">(timeout {provision.timeoutSeconds} s)</span>
          </>
        ) : (
          "None: Tandem cannot create a replacement for this group"
        )}
      </dd>
      <dt>Join hook</dt>
      <dd>
        {join ? (
          <>
            on the new server: <code className={styles.hookCode}>{join.command}</code> <span className="muted">(timeout {join.timeoutSeconds} s)</span>
          </>
        ) : (
          "None: the new server is added as it comes up"
        )}
      </dd>
      <dt>Automatically</dt>
      <dd>{afterMinutes === null ? "No: only when an operator asks" : `After ${afterMinutes} min AT_RISK or BROKEN`}</dd>
    </dl>
  );
}

/**
 * "Restore redundancy": the group's provision hook creates a replacement that
 * joins the group, as an operation whose steps stream on its page. Operators
 * start it; without a provision hook the button says why it cannot.
 */
function RestoreButton({ g }: { g: TGroup }) {
  const canOperate = useCanOperate();
  const router = useRouter();
  const queryClient = useQueryClient();
  const id = useId();
  const opener = useRef<HTMLButtonElement>(null);
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState("");
  const ok = g.redundancy.state === "OK";
  const start = useMutation({
    mutationFn: () =>
      fetchJson<TOperation>(`/api/v1/groups/${encodeURIComponent(g.id)}/restore`, { method: "POST", body: { ...(reason.trim() ? { reason: reason.trim() } : {}), ...(ok ? { force: true } : {}) } }),
    onSuccess: (op) => {
      queryClient.setQueryData(operationKey(op.id), op);
      void queryClient.invalidateQueries({ queryKey: OPERATIONS_KEY });
      router.push(`/operations/${op.id}`);
    },
  });
  if (!canOperate) return null;
  const why = g.restore.provision ? null : "No provision hook: an admin sets one in Edit group";

  function cancel() {
    setConfirming(false);
    start.reset();
    opener.current?.focus();
  }

  return (
    <div className="stack">
      <div className="form-actions">
        <button
          type="button"
          ref={opener}
          className="btn"
          disabled={why !== null}
          aria-describedby={why ? `${id}-why` : undefined}
          aria-expanded={confirming}
          aria-controls={confirming ? `${id}-confirm` : undefined}
          onClick={() => (confirming ? cancel() : setConfirming(true))}
        >
          Restore redundancy…
        </button>
        {why ? (
          <span id={`${id}-why`} className="muted">
            {why}
          </span>
        ) : null}
      </div>
      {confirming ? (
        <div id={`${id}-confirm`} className="confirm" role="group" aria-labelledby={`${id}-q`}>
          <span id={`${id}-q`}>
            {ok ? `${g.name} is OK already: restore anyway, adding one more member? ` : `Create a replacement for ${g.name} with its provision hook and add it to the group? `}
            Every step is recorded.
          </span>
          <TextField label="Reason" optional value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} autoComplete="off" />
          <button type="button" className="btn btn-sm btn-primary" onClick={() => start.mutate()} disabled={start.isPending || start.isSuccess}>
            {start.isPending || start.isSuccess ? "Starting…" : "Yes, restore"}
          </button>
          <button type="button" className="btn btn-sm" autoFocus onClick={cancel}>
            Cancel
          </button>
        </div>
      ) : null}
      {start.isError ? (
        <ErrorAlert>
          {errorMessage(start.error)} <Link href={`/operations?groupId=${g.id}`}>See this group&apos;s operations</Link>
        </ErrorAlert>
      ) : null}
    </div>
  );
}

export function RestorePanel({ g }: { g: TGroup }) {
  return (
    <Panel titleId="group-restore" title="Restore redundancy">
      <p className="muted">When the group loses a member, its provision hook creates a replacement, Tandem adds it to the inventory, waits for it to answer and be UP, runs the join hook on it and adds it to the group.</p>
      <RestoreSetting g={g} />
      <RestoreButton g={g} />
    </Panel>
  );
}
