import type { Metadata } from "next";
import { requirePrincipal } from "@/app/_lib/session";
import { ChangePasswordForm } from "@/components/settings/change-password-form";
import { SettingsPage } from "@/components/settings/settings-page";
import { Panel } from "@/components/ui/panel";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  const principal = await requirePrincipal("VIEWER", "/settings/account");
  return (
    <SettingsPage title="Account" className="page page-narrow stack">
      <Panel titleId="account-details-title" title="Your details">
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
      </Panel>
      <Panel titleId="change-password-title" title="Change password">
        <ChangePasswordForm />
      </Panel>
    </SettingsPage>
  );
}
