import { ApiError, errorMessage } from "@/components/api/fetch-json";
import { ErrorAlert } from "@/components/ui/messages";
import styles from "./operations.module.css";

/**
 * A refusal explained: the server's detail and, under it, each reason it
 * lists (a 409's preconditions, a 422's fields), or the `reasons` given.
 */
export function ProblemAlert({ error, reasons }: { error: unknown; reasons?: readonly string[] }) {
  const list = reasons ?? (error instanceof ApiError ? error.errors.map((e) => e.message) : []);
  return (
    <ErrorAlert>
      <p className={styles.alertTitle}>{errorMessage(error)}</p>
      {list.length > 0 ? (
        <ul>
          {list.map((r, i) => (
            <li key={i}>{r}</li>
          ))}
        </ul>
      ) : null}
    </ErrorAlert>
  );
}
