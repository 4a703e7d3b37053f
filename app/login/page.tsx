import type { Metadata } from "next";
import { connection } from "next/server";
import { redirect } from "next/navigation";
import { getRuntime } from "@/server/runtime";
import { needsSetup } from "@/server/setup/create-first-admin";
import { currentPrincipal } from "@/app/_lib/session";
import { AuthCard } from "@/components/auth/auth-card";
import { LoginForm } from "@/components/auth/login-form";
import { safeNext } from "@/components/auth/safe-next";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await connection();
  const next = safeNext((await searchParams).next);
  if (await needsSetup(getRuntime().db)) redirect("/setup");
  if (await currentPrincipal()) redirect(next);
  return (
    <AuthCard title="Sign in to Tandem">
      <LoginForm next={next} />
    </AuthCard>
  );
}
