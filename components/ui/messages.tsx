import type { ReactNode } from "react";
import { errorMessage, formErrorMessage } from "@/components/api/fetch-json";

/** An error the user must see; announced by screen readers as it appears. */
export function ErrorAlert({ children, id }: { children: ReactNode; id?: string }) {
  if (!children) return null;
  return (
    <div className="alert" role="alert" id={id}>
      {children}
    </div>
  );
}

/**
 * The error of a query or mutation, while it has failed. A form's mutation
 * names its `fields`, which show their own messages: see formErrorMessage.
 */
export function QueryError({ result, fields }: { result: { isError: boolean; error: unknown }; fields?: readonly string[] }) {
  if (!result.isError) return null;
  return <ErrorAlert>{fields ? formErrorMessage(result.error, fields) : errorMessage(result.error)}</ErrorAlert>;
}

/** A polite live region: rendered always (empty when idle) so announcements are not missed. */
export function StatusMessage({ children, tone = "success" }: { children?: ReactNode; tone?: "success" | "info" }) {
  return (
    <div role="status" className={children ? `notice notice-${tone}` : undefined}>
      {children}
    </div>
  );
}
