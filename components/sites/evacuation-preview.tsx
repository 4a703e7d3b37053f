import Link from "next/link";
import { DataTable } from "@/components/ui/data-table";
import { SITE_ACTION, StageTitle } from "./site-labels";
import type { TEvacuationPreview, TEvacuationPreviewGroup } from "./types";
import styles from "./sites.module.css";

type THook = TEvacuationPreview["stages"][number]["pre"];

function Checks({ checks }: { checks: TEvacuationPreviewGroup["checks"] }) {
  if (checks.length === 0) return <span className="muted">—</span>;
  const failed = checks.filter((c) => !c.ok).length;
  return (
    <details className={styles.checks} open={failed > 0 || undefined}>
      <summary>{failed ? `${failed} of ${checks.length} checks fail` : `All ${checks.length} checks pass`}</summary>
      <ul>
        {checks.map((c, i) => (
          <li key={i} data-ok={c.ok}>
            <span aria-hidden="true">{c.ok ? "✓" : "✗"}</span>
            <span className="visually-hidden">{c.ok ? "Passes:" : "Fails:"}</span> <strong>{c.check}</strong>
            {c.detail ? <span className="muted"> {c.detail}</span> : null}
          </li>
        ))}
      </ul>
    </details>
  );
}

function HookLine({ when, hook }: { when: string; hook: THook }) {
  if (!hook) return null;
  return (
    <p className={styles.hookView}>
      <span className="muted">{when}: </span>
      <code>{hook.command}</code>
      <span className="muted"> on {hook.serverName}</span>
    </p>
  );
}

function fromTo(g: TEvacuationPreviewGroup) {
  if (!g.from && !g.to) return <span className="muted">—</span>;
  return (
    <>
      {g.from?.name ?? "—"} → <strong>{g.to?.name ?? "—"}</strong>
      {g.to?.site ? <span className="muted"> in {g.to.site}</span> : null}
    </>
  );
}

/** What a site operation would do, stage by stage, with every precondition, and what stays put and why. */
export function EvacuationPreview({ preview }: { preview: TEvacuationPreview }) {
  const moving = preview.stages.flatMap((s) => s.groups);
  const ready = moving.filter((g) => g.ready).length;
  return (
    <section className="stack" aria-label="Plan preview" data-testid="site-preview">
      <p role="status">
        {moving.length} {moving.length === 1 ? "group moves" : "groups move"} in {preview.stages.length} {preview.stages.length === 1 ? "stage" : "stages"}, {ready} ready; up to {preview.parallelism} at once.
        {preview.fromOperationId ? (
          <>
            {" "}
            Undoes <Link href={`/operations/${preview.fromOperationId}`}>this evacuation</Link>.
          </>
        ) : null}
      </p>
      {preview.blockers.length ? (
        <div className="alert" role="alert">
          <p className={styles.alertTitle}>It cannot start:</p>
          <ul>
            {preview.blockers.map((b, i) => (
              <li key={i}>{b}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {preview.stages.map((s, i) => (
        <div key={i} className={styles.previewStage}>
          <h3 className={styles.stageName}>
            <StageTitle index={i} name={s.name} />
          </h3>
          <HookLine when="First" hook={s.pre} />
          <DataTable label={`Stage ${i + 1}: ${s.name}`} columns={["Group", "Action", "From → to", "Ready", "Checks", "Summary"]}>
            {s.groups.map((g) => (
              <tr key={g.groupId} data-testid="preview-row">
                <th scope="row">
                  <Link href={`/groups/${g.groupId}`}>{g.name}</Link>
                </th>
                <td>{SITE_ACTION[g.action]}</td>
                <td>{fromTo(g)}</td>
                <td>{g.ready ? <span className="badge badge-success">Ready</span> : <span className="badge badge-danger">Not ready</span>}</td>
                <td className="wrap">
                  <Checks checks={g.checks} />
                </td>
                <td className="wrap">{g.summary}</td>
              </tr>
            ))}
          </DataTable>
          <HookLine when="Then" hook={s.post} />
        </div>
      ))}
      {preview.notMoving.length ? (
        <div className={styles.notMoving}>
          <h3 className={styles.stageName}>Not moving</h3>
          <ul aria-label="Not moving">
            {preview.notMoving.map((g) => (
              <li key={g.groupId}>
                <strong>{g.name}</strong>: <span className="muted">{g.why}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
