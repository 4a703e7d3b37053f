"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { errorMessage, fetchJson } from "@/components/api/fetch-json";
import type { TGroup } from "@/components/groups/types";
import { OPERATIONS_KEY, operationKey, useCanOperate } from "./queries";
import type { TOperation } from "./types";

type Member = TGroup["members"][number];

/** A FENCED member comes back only through an operator: its demote hook runs and it rejoins as a standby (an operation). */
export function RejoinButton({ group, member }: { group: TGroup; member: Member }) {
  const canOperate = useCanOperate();
  const router = useRouter();
  const queryClient = useQueryClient();
  const start = useMutation({
    mutationFn: () =>
      fetchJson<TOperation>(`/api/v1/groups/${encodeURIComponent(group.id)}/members/${encodeURIComponent(member.serverId)}/rejoin`, { method: "POST", body: {} }),
    onSuccess: (op) => {
      queryClient.setQueryData(operationKey(op.id), op);
      void queryClient.invalidateQueries({ queryKey: OPERATIONS_KEY });
      router.push(`/operations/${op.id}`);
    },
  });
  if (!canOperate || member.adminState !== "FENCED") return null;
  const answers = member.health === "UP" || member.health === "DEGRADED";
  const role = group.mode === "ACTIVE_PASSIVE" ? "standby" : "pool member";
  return (
    <span>
      <button
        type="button"
        className="btn btn-sm"
        disabled={!answers || start.isPending}
        title={answers ? `Run ${member.name}'s demote hook and bring it back as an in-service ${role}` : `${member.name} does not answer (${member.health}): power it on first`}
        onClick={() => {
          if (window.confirm(`Rejoin ${member.name} to ${group.name} as a ${role}? Its demote hook runs first.`)) start.mutate();
        }}
      >
        Rejoin…
      </button>
      {start.isError ? (
        <span role="alert" className="text-danger">
          {" "}
          {errorMessage(start.error)}
        </span>
      ) : null}
    </span>
  );
}
