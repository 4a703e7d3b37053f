import type { Metadata } from "next";
import { requirePrincipal } from "@/app/_lib/session";
import { NotBuilt } from "@/components/ui/not-built";

export const metadata: Metadata = { title: "Rollouts" };

export default async function RolloutsPage() {
  await requirePrincipal("VIEWER", "/rollouts");
  return <NotBuilt title="Rollouts" willDo="It will patch servers in batches that keep each redundancy group within its healthy minimum, stopping when a batch fails its checks." />;
}
