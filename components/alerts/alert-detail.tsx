"use client";

import Link from "next/link";
import { ApiError } from "@/components/api/fetch-json";
import { ClippedText } from "@/components/ui/clipped-text";
import { DataTable } from "@/components/ui/data-table";
import { QueryError } from "@/components/ui/messages";
import { PageHeader } from "@/components/ui/page-header";
import { Panel } from "@/components/ui/panel";
import { Time } from "@/components/ui/time";
import { AlertActions } from "./alert-actions";
import { subjectOf } from "./alerts-state";
import { DeliveryRows, DELIVERY_COLUMNS } from "./delivery-rows";
import { AlertStateBadge, FlappingBadge, SeverityBadge, sourceLabel } from "./labels";
import { useAlert } from "./queries";
import type { TAlert, TAlertDetail } from "./types";
import styles from "./alerts.module.css";

const PARENT = { href: "/alerts", label: "Alerts" };

function Subject({ alert }: { alert: TAlert }) {
  return (
    <>
      {alert.server ? <Link href={`/servers/${alert.server.id}`}>{alert.server.name}</Link> : null}
      {alert.server && alert.group ? " · " : null}
      {alert.group ? <Link href={`/groups/${alert.group.id}`}>{alert.group.name}</Link> : null}
      {alert.operationId ? (
        <>
          {alert.server || alert.group ? " · " : null}
          <Link href={`/operations/${alert.operationId}`}>Operation</Link>
        </>
      ) : null}
      {!alert.server && !alert.group && !alert.operationId ? <span className="muted">—</span> : null}
    </>
  );
}

function Summary({ alert, canOperate }: { alert: TAlertDetail; canOperate: boolean }) {
  return (
    <section className={`panel ${styles.summary}`} aria-label="Summary">
      <div className={styles.summaryHead}>
        <SeverityBadge severity={alert.severity} />
        <AlertStateBadge state={alert.state} />
        {alert.flapping ? <FlappingBadge /> : null}
        {alert.suppressed ? <span className="badge">Suppressed{alert.suppressedReason ? `: ${alert.suppressedReason}` : ""}</span> : null}
      </div>
      <dl className={styles.facts}>
        <div>
          <dt>About</dt>
          <dd>
            <Subject alert={alert} />
          </dd>
        </div>
        <div>
          <dt>Source</dt>
          <dd>{sourceLabel(alert.source)}</dd>
        </div>
        <div>
          <dt>First seen</dt>
          <dd>
            <Time iso={alert.firstSeenAt} />
          </dd>
        </div>
        <div>
          <dt>Last seen</dt>
          <dd>
            <Time iso={alert.lastSeenAt} />
          </dd>
        </div>
        <div>
          <dt>Seen</dt>
          <dd>{alert.count === 1 ? "once" : `${alert.count} times`}</dd>
        </div>
        {alert.acknowledgedAt ? (
          <div>
            <dt>Acknowledged</dt>
            <dd>
              <Time iso={alert.acknowledgedAt} /> by {alert.acknowledgedBy ?? "someone"}
              {alert.ackComment ? <>: “{alert.ackComment}”</> : null}
            </dd>
          </div>
        ) : null}
        {alert.resolvedAt ? (
          <div>
            <dt>Resolved</dt>
            <dd>
              <Time iso={alert.resolvedAt} /> {alert.resolvedBy ? `by ${alert.resolvedBy}` : "(cleared)"}
              {alert.resolution ? <>: “{alert.resolution}”</> : null}
            </dd>
          </div>
        ) : null}
        {alert.parentId ? (
          <div>
            <dt>Part of</dt>
            <dd>
              <Link href={`/alerts/${alert.parentId}`}>the incident it was folded into</Link>
            </dd>
          </div>
        ) : null}
      </dl>
      {canOperate ? <AlertActions alert={alert} /> : null}
    </section>
  );
}

function Timeline({ events }: { events: TAlertDetail["events"] }) {
  return (
    <Panel titleId="alert-timeline" title="Timeline">
      {events.length === 0 ? (
        <p className="muted">Nothing recorded yet.</p>
      ) : (
        <ol className={styles.timeline} aria-label="Timeline">
          {events.map((e, i) => (
            <li key={`${e.at}-${i}`}>
              <Time iso={e.at} />
              <span>
                <strong>{e.kind}</strong> {e.message}
                {e.actor ? <span className="muted"> · {e.actor}</span> : null}
              </span>
            </li>
          ))}
        </ol>
      )}
    </Panel>
  );
}

function AlertTable({ caption, alerts }: { caption: string; alerts: TAlert[] }) {
  return (
    <DataTable caption={caption} columns={["Severity", "Alert", "Subject", "State", "First seen"]}>
      {alerts.map((a) => (
        <tr key={a.id}>
          <td>
            <SeverityBadge severity={a.severity} />
          </td>
          <th scope="row" className="clip-fill">
            <ClippedText href={`/alerts/${a.id}`} text={a.title} />
          </th>
          <td className="nowrap">{subjectOf(a) ?? <span className="muted">—</span>}</td>
          <td>
            <AlertStateBadge state={a.state} />
          </td>
          <td className="nowrap">
            <Time iso={a.firstSeenAt} precision="minutes" />
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

function Around({ context }: { context: TAlertDetail["context"] }) {
  const empty = context.stateChanges.length === 0 && context.operations.length === 0 && context.related.length === 0;
  return (
    <Panel titleId="alert-context" title="What happened around it">
      {empty ? <p className="muted">No state changes, operations or other alerts around this time.</p> : null}
      {context.stateChanges.length > 0 ? (
        <DataTable caption="Host state changes" columns={["When", "Server", "State"]}>
          {context.stateChanges.map((c, i) => (
            <tr key={`${c.serverId}-${c.at}-${i}`}>
              <td className="nowrap">
                <Time iso={c.at} />
              </td>
              <td>
                <Link href={`/servers/${c.serverId}`}>{c.serverName}</Link>
              </td>
              <td>{c.state}</td>
            </tr>
          ))}
        </DataTable>
      ) : null}
      {context.operations.length > 0 ? (
        <DataTable caption="Operations" columns={["Operation", "Group", "State", "Started by", "Started", "Ended", "Outcome"]}>
          {context.operations.map((o) => (
            <tr key={o.id}>
              <th scope="row">
                <Link href={`/operations/${o.id}`}>{o.kind.charAt(0) + o.kind.slice(1).toLowerCase()}</Link>
              </th>
              <td>{o.groupName ?? <span className="muted">—</span>}</td>
              <td>{o.state}</td>
              <td className="clip-cell">
                <ClippedText text={o.initiator} />
              </td>
              <td className="nowrap">
                <Time iso={o.createdAt} precision="minutes" />
              </td>
              <td className="nowrap">
                <Time iso={o.endedAt} precision="minutes" />
              </td>
              <td className="clip-fill">{o.outcome ? <ClippedText text={o.outcome} /> : <span className="muted">—</span>}</td>
            </tr>
          ))}
        </DataTable>
      ) : null}
      {context.related.length > 0 ? <AlertTable caption="Related alerts" alerts={context.related} /> : null}
    </Panel>
  );
}

/** One alert: what it is, its timeline, what it absorbed, what happened around it and where it was sent. */
export function AlertDetail({ id, canOperate }: { id: string; canOperate: boolean }) {
  const query = useAlert(id);
  if (query.error instanceof ApiError && query.error.status === 404) {
    return (
      <div className="page">
        <PageHeader title="Alert not found" parent={PARENT} description="Check the link, or find it in the list." />
      </div>
    );
  }
  const alert = query.data;
  if (!alert) {
    return (
      <div className="page">
        <PageHeader title="Alert" parent={PARENT} />
        <QueryError result={query} />
        {query.isPending ? <p className="table-state">Loading…</p> : null}
      </div>
    );
  }
  return (
    <div className="page page-wide">
      <PageHeader title={alert.title} parent={PARENT} description={subjectOf(alert) ?? undefined} />
      <div className="stack">
        <QueryError result={query} />
        <Summary alert={alert} canOperate={canOperate} />
        <Timeline events={alert.events} />
        {alert.children.length > 0 ? (
          <section className="panel">
            <AlertTable caption={`Folded into this incident (${alert.children.length})`} alerts={alert.children} />
          </section>
        ) : null}
        <Around context={alert.context} />
        <section className="panel">
          <DataTable caption="Notifications sent" columns={DELIVERY_COLUMNS}>
            <DeliveryRows deliveries={alert.deliveries} showChannel />
          </DataTable>
          {alert.deliveries.length === 0 ? <p className="table-state">No notification was sent for this alert.</p> : null}
        </section>
      </div>
    </div>
  );
}
