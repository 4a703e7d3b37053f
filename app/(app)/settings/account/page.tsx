import type { Metadata } from "next";
import { requirePrincipal } from "@/app/_lib/session";
import { ChangePasswordForm } from "@/components/settings/change-password-form";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  const principal = await requirePrincipal("VIEWER", "/settings/account");
  return (
    <div className="page page-narrow stack">
      <PageHeader title="Account" parent={{ href: "/settings", label: "Settings" }} />
      <section className="panel" aria-labelledby="account-details-title">
        <div className="panel-header">
          <h2 id="account-details-title">Your details</h2>
        </div>
        <div className="panel-body">
          <dl className="dl">
            <dt>Name</dt>
            <dd>{principal.name}</dd>
            <dt>Email</dt>
            <dd>{principal.email}</dd>
            <dt>Role</dt>
            <dd>
              <span className="badge badge-accent">{principal.role}</span>
            </dd>
          </dl>
          <p className="hint">Your role is set by an admin.</p>
        </div>
      </section>
      <section className="panel" aria-labelledby="change-password-title">
        <div className="panel-header">
          <h2 id="change-password-title">Change password</h2>
        </div>
        <div className="panel-body">
          <ChangePasswordForm />
        </div>
      </section>
    </div>
  );
}
