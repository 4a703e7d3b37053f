import type { Metadata } from "next";
import Link from "next/link";
import { requirePrincipal } from "@/app/_lib/session";
import { ROLES } from "@/server/auth/roles";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Not allowed" };

// Inside the shell, so someone refused here can still navigate or sign out and switch accounts.
export default async function ForbiddenPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const principal = await requirePrincipal("VIEWER", "/fleet");
  const raw = (await searchParams).need;
  // Only a known role name is echoed back; anything else in the URL is ignored.
  const need = ROLES.find((r) => r === raw);
  return (
    <div className="page page-narrow">
      <PageHeader title="Not allowed" />
      <section className="panel not-built" aria-label="Why this page is not available">
        <p>
          {need ? (
            <>
              This page needs the <strong>{need}</strong> role. You are signed in as <strong>{principal.role}</strong>.
            </>
          ) : (
            <>
              Your role does not allow that page. You are signed in as <strong>{principal.role}</strong>.
            </>
          )}
        </p>
        <p className="muted">An admin can change your role under Settings → Users.</p>
        <p>
          <Link href="/fleet" className="btn btn-primary">
            Back to Fleet
          </Link>
        </p>
      </section>
    </div>
  );
}
