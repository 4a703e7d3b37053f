import type { ReactNode } from "react";
import { BrandMark } from "@/components/shell/brand-mark";

/** The centred card the signed-out pages (setup, sign in) share. */
export function AuthCard({ title, lead, children }: { title: string; lead?: ReactNode; children: ReactNode }) {
  return (
    <main className="auth-page">
      <div className="auth-card">
        <p className="auth-brand">
          <BrandMark />
          <span>Tandem</span>
        </p>
        <section className="panel" aria-labelledby="auth-title">
          <div className="panel-body">
            <h1 id="auth-title">{title}</h1>
            {lead ? <p className="lead">{lead}</p> : null}
            {children}
          </div>
        </section>
      </div>
    </main>
  );
}
