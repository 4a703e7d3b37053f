import type { Metadata } from "next";
import { currentPrincipal, requirePrincipal } from "@/app/_lib/session";
import { loadGroup } from "@/app/_lib/lookups";
import { PageHeader } from "@/components/ui/page-header";
import { GroupDetail } from "@/components/groups/group-detail";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  if (!(await currentPrincipal())) return { title: "Group" };
  const group = await loadGroup((await params).id);
  return { title: group?.name ?? "Group not found" };
}

export default async function GroupPage({ params }: Props) {
  const { id } = await params;
  await requirePrincipal("VIEWER", `/groups/${encodeURIComponent(id)}`);
  const group = await loadGroup(id);
  if (!group) {
    return <PageHeader title="Group not found" parent={{ href: "/groups", label: "Groups" }} description="It may have been deleted." />;
  }
  return (
    <>
      <PageHeader title={group.name} parent={{ href: "/groups", label: "Groups" }} />
      <GroupDetail id={group.id} />
    </>
  );
}
