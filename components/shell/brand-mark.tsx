/** Two linked rings: a pair that keeps running when one stops. Decorative. */
export function BrandMark() {
  return (
    <svg className="brand-mark" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <rect width="24" height="24" rx="6" fill="var(--accent)" />
      <circle cx="9.5" cy="12" r="4.25" fill="none" stroke="#fff" strokeWidth="2" />
      <circle cx="14.5" cy="12" r="4.25" fill="none" stroke="#fff" strokeWidth="2" strokeOpacity="0.7" />
    </svg>
  );
}
