import type { Metadata } from "next";
import { currentPrincipal, requirePrincipal } from "@/app/_lib/session";
import { loadGroup } from "@/app/_lib/lookups";
import { PageHeader } from "@/components/ui/page-header";
import { GroupEditor } from "@/components/groups/group-form";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  if (!(await currentPrincipal())) return { title: "Edit group" };
  const group = await loadGroup((await params).id);
  return { title: group ? `Edit ${group.name}` : "Group not found" };
}

export default async function EditGroupPage({ params }: Props) {
  const { id } = await params;
  await requirePrincipal("ADMIN", `/groups/${encodeURIComponent(id)}/edit`);
  const group = await loadGroup(id);
  if (!group) {
    return <PageHeader title="Group not found" parent={{ href: "/groups", label: "Groups" }} description="It may have been deleted." />;
  }
  return (
    <>
      <PageHeader title={`Edit ${group.name}`} parent={{ href: `/groups/${group.id}`, label: group.name }} description="Changing members replaces the list; members kept keep their admin state." />
      <GroupEditor id={group.id} />
    </>
  );
}
