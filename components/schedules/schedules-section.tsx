"use client";

import { Fragment, useState, type ReactNode } from "react";
import { DataTable } from "@/components/ui/data-table";
import { QueryError } from "@/components/ui/messages";
import head from "@/components/ui/section-head.module.css";
import styles from "./schedules.module.css";

/**
 * A list of schedules under a "Schedules" heading with an Add button: the table (a `row` per schedule), or
 * `empty` once the list has loaded with none, and the add form while it is open (`formFirst`: above the table).
 */
export function SchedulesSection<TSchedule extends { id: string }>({
  headingId,
  headingLevel: Heading,
  label,
  columns,
  query: q,
  canAdd,
  error,
  empty,
  formFirst,
  addForm,
  row,
}: {
  headingId: string;
  headingLevel: "h2" | "h3";
  label: string;
  columns: readonly string[];
  query: { isSuccess: boolean; isError: boolean; error: unknown; data?: { schedules: TSchedule[] } };
  canAdd: boolean;
  /** Shown instead of the query's error. */
  error?: ReactNode;
  empty: string;
  formFirst?: boolean;
  addForm: (close: () => void) => ReactNode;
  row: (s: TSchedule) => ReactNode;
}) {
  const [adding, setAdding] = useState(false);
  const schedules = q.data?.schedules ?? [];
  const form = adding ? addForm(() => setAdding(false)) : null;
  return (
    <section aria-labelledby={headingId}>
      <div className={head.head}>
        <Heading id={headingId} className={styles.sub}>
          Schedules
        </Heading>
        {canAdd && !adding ? (
          <div className={head.actions}>
            <button type="button" className="btn btn-sm" onClick={() => setAdding(true)}>
              Add schedule
            </button>
          </div>
        ) : null}
      </div>
      {error ?? <QueryError result={q} />}
      {formFirst ? form : null}
      {schedules.length > 0 ? (
        <DataTable label={label} columns={columns} actions>
          {schedules.map((s) => (
            <Fragment key={s.id}>{row(s)}</Fragment>
          ))}
        </DataTable>
      ) : q.isSuccess ? (
        <p className="muted">{empty}</p>
      ) : null}
      {formFirst ? null : form}
    </section>
  );
}
