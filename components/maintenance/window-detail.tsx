"use client";

import Link from "next/link";
import { useState } from "react";
import { ApiError } from "@/components/api/fetch-json";
import { QueryError, StatusMessage } from "@/components/ui/messages";
import { PageHeader } from "@/components/ui/page-header";
import { Panel } from "@/components/ui/panel";
import { Time } from "@/components/ui/time";
import { EffectBadges, recurrenceSentence, WhenText, WindowStatusBadge, ZonedRange } from "./labels";
import { useWindow, useWindows } from "./queries";
import { WindowActions } from "./window-actions";
import { WindowForm } from "./window-form";
import type { TWindow } from "./types";

const PARENT = { href: "/maintenance", label: "Maintenance" };
const AHEAD_MS = 90 * 86_400_000;
const SHOWN = 10;

function durationText(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return [h ? `${h} h` : "", m ? `${m} min` : ""].filter(Boolean).join(" ") || "0 min";
}

function Refs({ refs, href }: { refs: { id: string; name: string }[]; href: (id: string) => string }) {
  return (
    <>
      {refs.map((r, i) => (
        <span key={r.id}>
          {i ? ", " : null}
          <Link href={href(r.id)}>{r.name}</Link>
        </span>
      ))}
    </>
  );
}

function Facts({ w }: { w: TWindow }) {
  return (
    <dl className="dl">
      <dt>Status</dt>
      <dd>
        <WindowStatusBadge status={w.status} />
      </dd>
      <dt>When</dt>
      <dd>
        <WhenText window={w} />
      </dd>
      <dt>Repeats</dt>
      <dd>
        {recurrenceSentence(w.recurrenceText)}
        {w.rrule ? (
          <>
            {" "}
            <code className="muted">{w.rrule}</code>
          </>
        ) : null}
      </dd>
      <dt>First start</dt>
      <dd>
        {w.start.replace("T", " ")} {w.timezone}
      </dd>
      <dt>Duration</dt>
      <dd>{durationText(w.durationMinutes)}</dd>
      <dt>Scope</dt>
      <dd>
        {w.scopeNames.servers.length ? (
          <p>
            Servers: <Refs refs={w.scopeNames.servers} href={(id) => `/servers/${id}`} />
          </p>
        ) : null}
        {w.scopeNames.groups.length ? (
          <p>
            Groups: <Refs refs={w.scopeNames.groups} href={(id) => `/groups/${id}`} />
          </p>
        ) : null}
        {w.scopeNames.sites.length ? <p>Sites: {w.scopeNames.sites.map((s) => s.name).join(", ")}</p> : null}
        {w.scope.tags.length ? <p>Tags: {w.scope.tags.join(", ")}</p> : null}
        <p className="muted">
          {w.serverCount} {w.serverCount === 1 ? "server" : "servers"} in scope now
        </p>
      </dd>
      <dt>While it runs</dt>
      <dd>
        <EffectBadges window={w} />
      </dd>
      {w.overrideReason ? (
        <>
          <dt>Override reason</dt>
          <dd>{w.overrideReason}</dd>
        </>
      ) : null}
      <dt>Created</dt>
      <dd>
        <Time iso={w.createdAt} precision="minutes" /> by {w.createdBy}
      </dd>
      {w.cancelledAt ? (
        <>
          <dt>Cancelled</dt>
          <dd>
            <Time iso={w.cancelledAt} precision="minutes" />
          </dd>
        </>
      ) : null}
    </dl>
  );
}

function NextOccurrences({ w }: { w: TWindow }) {
  const [range] = useState(() => ({ from: new Date().toISOString(), to: new Date(Date.now() + AHEAD_MS).toISOString(), includeCancelled: true }));
  const q = useWindows(range);
  const listed = q.data?.windows.find((x) => x.id === w.id);
  const occurrences = (listed?.occurrences ?? []).filter((o) => Date.parse(o.end) > Date.now()).slice(0, SHOWN);
  return (
    <Panel titleId="occurrences-title" title="Next occurrences">
      <QueryError result={q} />
      {occurrences.length ? (
        <ol aria-labelledby="occurrences-title">
          {occurrences.map((o) => (
            <li key={o.start}>
              <ZonedRange occurrence={o} zone={w.timezone} />
            </li>
          ))}
        </ol>
      ) : q.isSuccess ? (
        <p className="muted">{w.status === "cancelled" ? "None: the window is cancelled." : "None in the next 90 days."}</p>
      ) : null}
    </Panel>
  );
}

/** One window: what it covers and does, when it runs, and (for operators) edit, end now and cancel. */
export function WindowDetail({ id, canOperate }: { id: string; canOperate: boolean }) {
  const q = useWindow(id);
  const [editing, setEditing] = useState(false);
  const [status, setStatus] = useState<string>();
  const w = q.data;
  if (!w) {
    const missing = q.error instanceof ApiError && q.error.status === 404;
    return (
      <div className="page">
        <PageHeader title={missing ? "Window not found" : "Maintenance window"} parent={PARENT} />
        {missing ? <p className="muted">It may have been removed.</p> : q.isError ? <QueryError result={q} /> : <p className="muted">Loading…</p>}
      </div>
    );
  }
  const editable = canOperate && w.status !== "cancelled" && w.status !== "ended";
  return (
    <div className="page page-wide">
      <PageHeader
        title={w.title}
        parent={PARENT}
        description={w.description || undefined}
        actions={
          editable && !editing ? (
            <button type="button" className="btn" onClick={() => setEditing(true)}>
              Edit
            </button>
          ) : null
        }
      />
      <div className="stack">
        <StatusMessage>{status}</StatusMessage>
        <QueryError result={q} />
        {editing ? (
          <Panel titleId="edit-title" title="Edit window">
            <WindowForm
              window={w}
              onCancel={() => setEditing(false)}
              onSaved={(saved) => {
                setEditing(false);
                setStatus(`Saved ${saved.title}.`);
              }}
            />
          </Panel>
        ) : null}
        <Panel titleId="window-facts" title="Window">
          <Facts w={w} />
          {canOperate ? <WindowActions window={w} onDone={setStatus} /> : null}
        </Panel>
        <NextOccurrences w={w} />
      </div>
    </div>
  );
}
