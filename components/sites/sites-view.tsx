"use client";

import { useMemo, useState } from "react";
import { QueryError } from "@/components/ui/messages";
import { Panel } from "@/components/ui/panel";
import { useSiteMatrix } from "./queries";
import { SiteMatrix } from "./site-matrix";
import { WhatIfPanel } from "./what-if-panel";
import type { TWhatIfResponse } from "./types";

/** The Sites page: groups by site at a glance, and what a loss would do to them. */
export function SitesView() {
  const matrix = useSiteMatrix();
  const [whatIf, setWhatIf] = useState<TWhatIfResponse | null>(null);
  const lost = useMemo(() => new Set(whatIf?.groups.flatMap((g) => g.lostMembers.map((m) => m.serverId)) ?? []), [whatIf]);
  return (
    <div className="stack">
      <QueryError result={matrix} />
      {!matrix.data && matrix.isPending ? <p className="muted">Loading sites…</p> : null}
      {matrix.data ? (
        <>
          <Panel titleId="site-matrix" title="Groups by site">
            {matrix.data.sites.length === 0 ? <p className="muted">No sites yet: add them under Settings → Inventory, and give servers a site.</p> : null}
            <SiteMatrix matrix={matrix.data} lost={lost} />
          </Panel>
          <Panel titleId="what-if" title="What if we lose…">
            <WhatIfPanel matrix={matrix.data} onResult={setWhatIf} />
          </Panel>
        </>
      ) : null}
    </div>
  );
}
