"use client";

import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from "react";

type Common = {
  label: ReactNode;
  /** Shown under the control and linked with aria-describedby. */
  hint?: ReactNode;
  error?: string | undefined;
  optional?: boolean;
};

type ControlProps = { id: string; "aria-invalid": true | undefined; "aria-describedby": string | undefined };

/** Label, control, error and hint, wired together for assistive technology. */
function Field({ label, hint, error, optional, control }: Common & { control: (props: ControlProps) => ReactNode }) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {optional ? <span className="optional"> (optional)</span> : null}
      </label>
      {control({ id, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy })}
      {error ? (
        <p id={errorId} className="field-error">
          {error}
        </p>
      ) : null}
      {hint ? (
        <p id={hintId} className="hint">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

const cx = (...names: (string | undefined)[]) => names.filter(Boolean).join(" ");

export function TextField({ label, hint, error, optional, className, ...input }: Common & InputHTMLAttributes<HTMLInputElement>) {
  return <Field label={label} hint={hint} error={error} optional={optional} control={(p) => <input {...p} className={cx("input", className)} {...input} />} />;
}

export function SelectField({
  label,
  hint,
  error,
  optional,
  className,
  children,
  ...select
}: Common & SelectHTMLAttributes<HTMLSelectElement> & { children: ReactNode }) {
  return (
    <Field
      label={label}
      hint={hint}
      error={error}
      optional={optional}
      control={(p) => (
        <select {...p} className={cx("select", className)} {...select}>
          {children}
        </select>
      )}
    />
  );
}

export function TextAreaField({ label, hint, error, optional, className, ...textarea }: Common & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return <Field label={label} hint={hint} error={error} optional={optional} control={(p) => <textarea {...p} className={cx("input", className)} {...textarea} />} />;
}

/** Server messages read as predicates ("is required"); give them a subject. */
export function fieldMessage(label: string, message: string | undefined): string | undefined {
  if (!message) return undefined;
  return /^(is|must|are|exceeds|has|should)\b/.test(message) ? `${label} ${message}.` : message;
}
