import type { Metadata } from "next";
import { cache } from "react";
import { currentPrincipal, requirePrincipal } from "@/app/_lib/session";
import { uuidOrNull } from "@/app/_lib/lookups";
import { hasRole } from "@/server/auth/roles";
import { isAppError } from "@/server/errors/app-error";
import { getRuntime } from "@/server/runtime";
import { getDrillReport } from "@/server/drills/drill-report";
import { PageHeader } from "@/components/ui/page-header";
import { DrillView } from "@/components/drills/drill-view";

type Props = { params: Promise<{ id: string }> };

// Cached per request: the page and its metadata read the database once. Unknown or malformed ids are "not found".
const loadDrill = cache(async (id: string) => {
  const uuid = uuidOrNull(id);
  if (!uuid) return null;
  try {
    return await getDrillReport(getRuntime().db, uuid);
  } catch (e) {
    if (isAppError(e) && e.code === "NOT_FOUND") return null;
    throw e;
  }
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  if (!(await currentPrincipal())) return { title: "Drill" };
  const d = await loadDrill((await params).id);
  return { title: d ? `Drill of ${d.groupName ?? "a group"}` : "Drill not found" };
}

export default async function DrillPage({ params }: Props) {
  const { id } = await params;
  const principal = await requirePrincipal("VIEWER", `/drills/${encodeURIComponent(id)}`);
  const report = await loadDrill(id);
  if (!report) {
    return (
      <div className="page">
        <PageHeader title="Drill not found" parent={{ href: "/groups", label: "Groups" }} description="Check the link, or find the drill on its group's page." />
      </div>
    );
  }
  return <DrillView initial={report} canOperate={hasRole(principal.role, "OPERATOR")} />;
}
