import type { ReactNode } from "react";

/**
 * A scrollable table with one header row; `actions` adds a last column for row
 * buttons, titled for screen readers only. Name it with a `caption` (visible
 * unless `captionHidden`) or, without one, a `label`.
 */
export function DataTable({
  caption,
  captionHidden,
  label,
  id,
  busy,
  columns,
  actions,
  children,
}: {
  caption?: ReactNode;
  captionHidden?: boolean;
  label?: string;
  id?: string;
  busy?: boolean;
  columns: readonly string[];
  actions?: boolean;
  children: ReactNode;
}) {
  return (
    <div className="table-wrap">
      <table className="table" id={id} aria-label={label} aria-busy={busy}>
        {caption !== undefined ? <caption className={captionHidden ? "visually-hidden" : undefined}>{caption}</caption> : null}
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
            {actions ? (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/** Under a table: "Loading…" until the first answer, then `children` if that answer is empty. */
export function TableState({ query, empty, children }: { query: { isPending: boolean; isSuccess: boolean }; empty: boolean; children: ReactNode }) {
  if (query.isPending) return <p className="table-state">Loading…</p>;
  return query.isSuccess && empty ? <p className="table-state">{children}</p> : null;
}
