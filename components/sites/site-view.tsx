"use client";

import { QueryError } from "@/components/ui/messages";
import { PageHeader } from "@/components/ui/page-header";
import { Panel } from "@/components/ui/panel";
import { DependenciesPanel } from "./dependencies-panel";
import { useSiteMatrix, useSiteOperations } from "./queries";
import { RecoveryPlan } from "./recovery-plan";
import { SiteActions } from "./site-actions";
import { SiteOperationsList } from "./site-operations-list";

type TSiteHead = { id: string; name: string; description: string; servers: number };

/** One site: evacuate, return or drill it; its recovery plan and the dependencies that order it; what it has run. */
export function SiteView({ site, canOperate, isAdmin }: { site: TSiteHead; canOperate: boolean; isAdmin: boolean }) {
  const operations = useSiteOperations(site.id);
  const matrix = useSiteMatrix();
  const ops = operations.data?.operations ?? [];
  return (
    <div className="page page-wide">
      <PageHeader
        title={`Site ${site.name}`}
        parent={{ href: "/sites", label: "Sites" }}
        description={`${site.description ? `${site.description}. ` : ""}${site.servers} ${site.servers === 1 ? "server" : "servers"}.`}
      />
      <div className="stack">
        <Panel titleId="site-actions" title="Evacuate, return, drill">
          <QueryError result={operations} />
          <SiteActions site={site} canOperate={canOperate} operations={ops} />
        </Panel>
        <Panel titleId="site-plan" title="Recovery plan">
          <RecoveryPlan siteId={site.id} isAdmin={isAdmin} />
        </Panel>
        <Panel titleId="site-dependencies" title="Group dependencies">
          <QueryError result={matrix} />
          {matrix.data ? <DependenciesPanel siteId={site.id} matrix={matrix.data} isAdmin={isAdmin} /> : matrix.isPending ? <p className="muted">Loading groups…</p> : null}
        </Panel>
        <Panel titleId="site-operations" title="Operations">
          {operations.data ? <SiteOperationsList site={site.name} operations={ops} /> : operations.isPending ? <p className="muted">Loading operations…</p> : null}
        </Panel>
      </div>
    </div>
  );
}
