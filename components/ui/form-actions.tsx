/** A form's submit button, labelled while it works, and an optional Cancel; `small` for forms inside table rows. */
export function FormActions({ label, pendingLabel, pending, onCancel, small }: { label: string; pendingLabel: string; pending: boolean; onCancel?: () => void; small?: boolean }) {
  return (
    <div className="form-actions">
      <button type="submit" className={small ? "btn btn-sm btn-primary" : "btn btn-primary"} disabled={pending}>
        {pending ? pendingLabel : label}
      </button>
      {onCancel ? (
        <button type="button" className={small ? "btn btn-sm" : "btn"} onClick={onCancel}>
          Cancel
        </button>
      ) : null}
    </div>
  );
}
