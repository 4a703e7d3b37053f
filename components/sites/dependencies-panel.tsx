"use client";

import Link from "next/link";
import { useState, type FormEvent } from "react";
import { DetailRow, detailToggle } from "@/components/ui/confirm-row";
import { DataTable } from "@/components/ui/data-table";
import { QueryError } from "@/components/ui/messages";
import { CheckboxPicker } from "./checkbox-picker";
import { useSaveDependencies } from "./queries";
import type { TSiteMatrix } from "./types";

type TMatrixGroup = TSiteMatrix["groups"][number];

function DependenciesForm({ group, all, onDone }: { group: TMatrixGroup; all: readonly TMatrixGroup[]; onDone: () => void }) {
  const [chosen, setChosen] = useState(() => new Set(group.dependsOn.map((d) => d.id)));
  const save = useSaveDependencies(group.groupId);
  const items = all.filter((g) => g.groupId !== group.groupId).map((g) => ({ id: g.groupId, name: g.name }));
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    save.mutate({ dependsOn: [...chosen] }, { onSuccess: onDone });
  }
  return (
    <form className="form" onSubmit={submit} aria-label={`Dependencies of ${group.name}`} noValidate>
      <CheckboxPicker legend={`${group.name} needs, up before it`} items={items} chosen={chosen} onChange={setChosen} open />
      <QueryError result={save} />
      <div className="form-actions">
        <button type="submit" className="btn btn-sm btn-primary" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save dependencies"}
        </button>
        <button type="button" className="btn btn-sm" onClick={onDone} disabled={save.isPending}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/**
 * Which groups need which up first (a web pool on its database): what orders
 * a derived recovery plan. Admins edit them; the server refuses a cycle.
 */
export function DependenciesPanel({ siteId, matrix, isAdmin }: { siteId: string; matrix: TSiteMatrix; isAdmin: boolean }) {
  const [editing, setEditing] = useState<string | null>(null);
  const here = matrix.groups.filter((g) => (g.cells[siteId]?.length ?? 0) > 0);
  const neededBy = (id: string) => matrix.groups.filter((g) => g.dependsOn.some((d) => d.id === id)).map((g) => g.name);
  if (here.length === 0) return <p className="muted">No group has a member in this site.</p>;
  const columns = ["Group", "Needs", "Needed by"];
  return (
    <DataTable label="Group dependencies" columns={columns} actions={isAdmin}>
      {here.map((g) => {
        const rowId = `deps-${g.groupId}`;
        const by = neededBy(g.groupId);
        return [
          <tr key={g.groupId}>
            <th scope="row" id={`${rowId}-name`}>
              <Link href={`/groups/${g.groupId}`}>{g.name}</Link>
            </th>
            <td className="wrap">{g.dependsOn.length ? g.dependsOn.map((d) => d.name).join(", ") : <span className="muted">nothing</span>}</td>
            <td className="wrap">{by.length ? by.join(", ") : <span className="muted">nothing</span>}</td>
            {isAdmin ? (
              <td>
                <button type="button" className="btn btn-sm" onClick={() => setEditing(editing === g.groupId ? null : g.groupId)} {...detailToggle(editing === g.groupId, rowId, `${rowId}-name`)}>
                  Edit
                </button>
              </td>
            ) : null}
          </tr>,
          editing === g.groupId ? (
            <DetailRow key={`${g.groupId}-edit`} id={rowId} colSpan={columns.length + 1} wrap>
              <DependenciesForm group={g} all={matrix.groups} onDone={() => setEditing(null)} />
            </DetailRow>
          ) : null,
        ];
      })}
    </DataTable>
  );
}
