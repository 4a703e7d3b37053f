import type { Metadata } from "next";
import { currentPrincipal, requirePrincipal } from "@/app/_lib/session";
import { loadSite } from "@/app/_lib/lookups";
import { hasRole } from "@/server/auth/roles";
import { SiteView } from "@/components/sites/site-view";
import { PageHeader } from "@/components/ui/page-header";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  if (!(await currentPrincipal())) return { title: "Site" };
  const site = await loadSite((await params).id);
  return { title: site ? `Site ${site.name}` : "Site not found" };
}

export default async function SitePage({ params }: Props) {
  const { id } = await params;
  const principal = await requirePrincipal("VIEWER", `/sites/${encodeURIComponent(id)}`);
  const site = await loadSite(id);
  if (!site) {
    return (
      <div className="page">
        <PageHeader title="Site not found" parent={{ href: "/sites", label: "Sites" }} description="Check the link, or find it on the Sites page." />
      </div>
    );
  }
  return <SiteView site={{ id: site.id, name: site.name, description: site.description, servers: site.serverCount }} canOperate={hasRole(principal.role, "OPERATOR")} isAdmin={hasRole(principal.role, "ADMIN")} />;
}
