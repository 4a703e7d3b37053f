import type { ReactNode } from "react";
import { currentPrincipal } from "@/app/_lib/session";
import { AppShell } from "@/components/shell/app-shell";
import { RealtimeProvider } from "@/components/realtime/socket-provider";
import { AlertsProvider } from "@/components/alerts/alerts-provider";

export default async function AuthenticatedLayout({ children }: { children: ReactNode }) {
  const principal = await currentPrincipal();
  // Signed out: render the page alone so its own requirePrincipal(role, returnTo)
  // redirects to /setup or /login?next=<that page>. A layout cannot see the
  // path, so redirecting here (requirePrincipal() without returnTo) would always
  // win and drop ?next=. Every page below calls requirePrincipal itself anyway:
  // Next.js skips unchanged layouts on client navigation, so a layout alone
  // never guards a page. Any signed-in user meets the shell's VIEWER minimum.
  if (!principal) return children;
  // One live connection per tab; the alerts room (header counter, centre,
  // toasts) is joined on every page, so the connection opens at once.
  return (
    <RealtimeProvider>
      <AlertsProvider role={principal.role}>
        <AppShell user={{ name: principal.name, role: principal.role }}>{children}</AppShell>
      </AlertsProvider>
    </RealtimeProvider>
  );
}
