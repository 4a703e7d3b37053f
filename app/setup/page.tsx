import type { Metadata } from "next";
import { connection } from "next/server";
import { redirect } from "next/navigation";
import { getRuntime } from "@/server/runtime";
import { needsSetup } from "@/server/setup/create-first-admin";
import { AuthCard } from "@/components/auth/auth-card";
import { SetupForm } from "@/components/auth/setup-form";

export const metadata: Metadata = { title: "Set up" };

export default async function SetupPage() {
  await connection(); // the answer depends on the database now, never on the build
  if (!(await needsSetup(getRuntime().db))) redirect("/login");
  return (
    <AuthCard title="Set up Tandem" lead="Create the first admin account. You can add more users once you are signed in.">
      <SetupForm />
    </AuthCard>
  );
}
