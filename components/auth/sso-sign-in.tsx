import { ErrorAlert } from "@/components/ui/messages";

/** The single sign-on button (a plain link: the sign-in is a run of redirects) and any error it came back with. */
export function SsoSignIn({ label, next, error }: { label: string | null; next: string; error: string | null }) {
  return (
    <>
      {error ? <ErrorAlert id="sso-error">{error}</ErrorAlert> : null}
      {label ? (
        <div className="auth-sso">
          <a className="btn btn-block" href={`/api/v1/auth/oidc/login?next=${encodeURIComponent(next)}`}>
            Sign in with {label}
          </a>
          <p className="auth-divider">
            <span>or with a local account</span>
          </p>
        </div>
      ) : null}
    </>
  );
}
