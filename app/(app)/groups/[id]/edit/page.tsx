import type { Metadata } from "next";
import { cache } from "react";
import { currentPrincipal, requirePrincipal } from "@/app/_lib/session";
import { getRuntime } from "@/server/runtime";
import { getGroup } from "@/server/groups/get-group";
import { isAppError } from "@/server/errors/app-error";
import { PageHeader } from "@/components/ui/page-header";
import { GroupEditor } from "@/components/groups/group-form";

type Props = { params: Promise<{ id: string }> };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The group's name, or null for an unknown id; the form loads the rest on the client. */
const loadGroup = cache(async (id: string) => {
  if (!UUID.test(id)) return null;
  try {
    return await getGroup(getRuntime().db, id.toLowerCase());
  } catch (e) {
    if (isAppError(e) && e.code === "NOT_FOUND") return null;
    throw e;
  }
});

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
