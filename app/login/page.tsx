import type { Metadata } from "next";
import { connection } from "next/server";
import { redirect } from "next/navigation";
import { getRuntime } from "@/server/runtime";
import { needsSetup } from "@/server/setup/create-first-admin";
import { currentPrincipal } from "@/app/_lib/session";
import { AuthCard } from "@/components/auth/auth-card";
import { LoginForm } from "@/components/auth/login-form";
import { safeNext } from "@/components/auth/safe-next";
import { SsoSignIn } from "@/components/auth/sso-sign-in";
import { ssoErrorMessage } from "@/components/auth/sso-messages";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await connection();
  const params = await searchParams;
  const next = safeNext(params.next);
  const rt = getRuntime();
  if (await needsSetup(rt.db)) redirect("/setup");
  if (await currentPrincipal()) redirect(next);
  return (
    <AuthCard title="Sign in to Tandem">
      <SsoSignIn label={rt.config.oidc?.label ?? null} next={next} error={ssoErrorMessage(params.sso_error)} />
      <LoginForm next={next} />
    </AuthCard>
  );
}
