"use client";

import Link from "next/link";
import { useState } from "react";
import { kindLabel } from "@/components/operations/labels";
import type { TOperationKind } from "@/components/operations/types";
import { TextField } from "@/components/ui/field";
import { QueryError } from "@/components/ui/messages";
import { EvacuationPreview } from "./evacuation-preview";
import { useSitePreview } from "./queries";
import { liveOperationOf, returnableEvacuationOf } from "./site-operations";
import { StartSiteDialog, type TStartChoice } from "./start-site-dialog";
import type { TSiteOperationSummary } from "./types";
import styles from "./sites.module.css";

type TPreviewKind = "EVACUATION" | "SITE_RETURN";

const VIEWER_NOTE = "Operators and admins run site operations; you can plan and follow them.";

/** The buttons under a preview: dry run and evacuate, or return; disabled with the reason when they cannot be used. */
function RunButtons({ kind, site, canOperate, blocked, onChoose }: { kind: TPreviewKind; site: string; canOperate: boolean; blocked: string | null; onChoose: (c: TStartChoice) => void }) {
  const why = !canOperate ? VIEWER_NOTE : blocked;
  return (
    <div className="stack">
      <div className="form-actions">
        {kind === "EVACUATION" ? (
          <>
            <button type="button" className="btn" disabled={Boolean(why)} onClick={() => onChoose({ kind, dryRun: true })} aria-describedby={why ? "site-run-why" : undefined}>
              Dry run…
            </button>
            <button type="button" className="btn btn-danger-solid" disabled={Boolean(why)} onClick={() => onChoose({ kind, dryRun: false })} aria-describedby={why ? "site-run-why" : undefined}>
              Evacuate {site}…
            </button>
            <button type="button" className="btn" disabled={Boolean(why)} onClick={() => onChoose({ kind: "SITE_DRILL", dryRun: false })} aria-describedby={why ? "site-run-why" : undefined}>
              Site drill…
            </button>
          </>
        ) : (
          <button type="button" className="btn btn-primary" disabled={Boolean(why)} onClick={() => onChoose({ kind, dryRun: false })} aria-describedby={why ? "site-run-why" : undefined}>
            Return to {site}…
          </button>
        )}
      </div>
      {why ? (
        <p id="site-run-why" className="muted">
          {why}
        </p>
      ) : null}
    </div>
  );
}

/**
 * Evacuate, return, drill: plan first (the preview lists every check and what
 * will not move), then run it with a reason; a site drill is the evacuation
 * previewed, a hold, and its return. One site operation at a time: a
 * live one is linked instead.
 */
export function SiteActions({ site, canOperate, operations }: { site: { id: string; name: string }; canOperate: boolean; operations: readonly TSiteOperationSummary[] }) {
  const [previewKind, setPreviewKind] = useState<TPreviewKind | null>(null);
  const [parallelismText, setParallelismText] = useState("");
  const [choice, setChoice] = useState<TStartChoice | null>(null);
  const parsed = Math.floor(Number(parallelismText));
  const parallelism = parallelismText.trim() && parsed >= 1 && parsed <= 100 ? parsed : undefined;
  const preview = useSitePreview(site.id, previewKind ?? "EVACUATION", parallelism, previewKind !== null);
  const live = liveOperationOf(operations);
  const returnable = returnableEvacuationOf(operations);
  const blocked = live ? `A ${kindLabel(live.kind as TOperationKind).toLowerCase()} is running on this site.` : preview.data?.blockers.length ? "The plan has blockers (above)." : null;

  return (
    <div className="stack">
      {live ? (
        <div className="notice notice-info" role="status">
          {kindLabel(live.kind as TOperationKind)} of {site.name} {live.state === "PAUSED" ? "paused" : "running"}: <Link href={`/operations/${live.id}`}>follow it</Link>.
        </div>
      ) : null}
      <div className={styles.actionsRow}>
        <button type="button" className="btn btn-primary" onClick={() => setPreviewKind("EVACUATION")} aria-pressed={previewKind === "EVACUATION"}>
          Plan evacuation
        </button>
        {returnable || previewKind === "SITE_RETURN" ? (
          <button type="button" className="btn" onClick={() => setPreviewKind("SITE_RETURN")} aria-pressed={previewKind === "SITE_RETURN"}>
            Plan return to {site.name}
          </button>
        ) : null}
        <TextField
          label="Groups at once"
          type="number"
          min={1}
          max={100}
          optional
          placeholder="plan's"
          value={parallelismText}
          onChange={(e) => setParallelismText(e.target.value)}
          className={styles.narrowInput}
        />
      </div>
      {previewKind ? (
        <section className={styles.previewBox} aria-busy={preview.isFetching} aria-label={previewKind === "EVACUATION" ? "Evacuation plan" : "Return plan"}>
          <div className={styles.previewHead}>
            <h3>{previewKind === "EVACUATION" ? `Evacuating ${site.name} now would:` : `Returning to ${site.name} now would:`}</h3>
            <button type="button" className="btn btn-sm" onClick={() => void preview.refetch()} disabled={preview.isFetching}>
              {preview.isFetching ? "Planning…" : "Plan again"}
            </button>
            <button type="button" className="btn btn-sm btn-ghost" onClick={() => setPreviewKind(null)}>
              Close
            </button>
          </div>
          <QueryError result={preview} />
          {preview.isPending ? <p className="muted">Planning…</p> : null}
          {preview.data && preview.data.kind === (previewKind === "EVACUATION" ? "EVACUATION" : "SITE_RETURN") ? (
            <>
              <EvacuationPreview preview={preview.data} />
              <RunButtons kind={previewKind} site={site.name} canOperate={canOperate} blocked={blocked} onChoose={setChoice} />
            </>
          ) : null}
        </section>
      ) : null}
      {choice ? (
        <StartSiteDialog
          site={site}
          choice={choice}
          // A site drill starts with the evacuation it previews.
          preview={(choice.kind === "SITE_RETURN") === (previewKind === "SITE_RETURN") ? preview.data : undefined}
          parallelism={parallelism}
          onClose={() => setChoice(null)}
        />
      ) : null}
    </div>
  );
}
