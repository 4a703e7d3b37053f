import type { Metadata } from "next";
import { currentPrincipal, requirePrincipal } from "@/app/_lib/session";
import { loadServer } from "@/app/_lib/lookups";
import { ZAgentSample } from "@/server/agent/agent-sample.types";
import { ServerView } from "@/components/server/server-view";
import { ServerNotFound } from "@/components/server/server-not-found";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  // Server names are for signed-in eyes only (metadata may be sent before the page's own check).
  if (!(await currentPrincipal())) return { title: "Server" };
  const server = await loadServer((await params).id);
  return { title: server?.name ?? "Server not found" };
}

export default async function ServerPage({ params }: Props) {
  const { id } = await params;
  await requirePrincipal("VIEWER", `/servers/${encodeURIComponent(id)}`);
  const server = await loadServer(id);
  if (!server) return <ServerNotFound />;
  const { lastSample, ...facts } = server;
  // The last sample the database kept: shown until the live one arrives (and for a disabled server, instead of it).
  const parsed = ZAgentSample.safeParse(lastSample);
  return <ServerView server={facts} initialSample={parsed.success ? parsed.data : null} />;
}
