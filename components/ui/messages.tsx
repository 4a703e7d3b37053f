import type { ReactNode } from "react";

/** An error the user must see; announced by screen readers as it appears. */
export function ErrorAlert({ children, id }: { children: ReactNode; id?: string }) {
  if (!children) return null;
  return (
    <div className="alert" role="alert" id={id}>
      {children}
    </div>
  );
}

/** A polite live region: rendered always (empty when idle) so announcements are not missed. */
export function StatusMessage({ children, tone = "success" }: { children?: ReactNode; tone?: "success" | "info" }) {
  return (
    <div role="status" className={children ? `notice notice-${tone}` : undefined}>
      {children}
    </div>
  );
}
