// 16px stroke icons for the main navigation. Decorative: the link text names each item.
import type { ReactNode } from "react";

function Icon({ children }: { children: ReactNode }) {
  return (
    <svg viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
      {children}
    </svg>
  );
}

export const navIcons = {
  fleet: (
    <Icon>
      <rect x="2" y="2.5" width="12" height="4.5" rx="1" />
      <rect x="2" y="9" width="12" height="4.5" rx="1" />
      <path d="M4.5 4.75h.01M4.5 11.25h.01" />
    </Icon>
  ),
  groups: (
    <Icon>
      <circle cx="6" cy="8" r="3.5" />
      <circle cx="10" cy="8" r="3.5" />
    </Icon>
  ),
  sites: (
    <Icon>
      <path d="M8 14.5s-4.5-4.1-4.5-7.5a4.5 4.5 0 0 1 9 0c0 3.4-4.5 7.5-4.5 7.5Z" />
      <circle cx="8" cy="7" r="1.5" />
    </Icon>
  ),
  operations: (
    <Icon>
      <path d="M2 8h3l1.5-4 3 8L11 8h3" />
    </Icon>
  ),
  maintenance: (
    <Icon>
      <rect x="2" y="3" width="12" height="11" rx="1.5" />
      <path d="M2 6.5h12M5.5 1.5v3M10.5 1.5v3" />
    </Icon>
  ),
  rollouts: (
    <Icon>
      <path d="M2.5 13.5h3v-3h3v-3h3v-3h2" />
    </Icon>
  ),
  compliance: (
    <Icon>
      <path d="M8 1.75 13 3.5v4c0 3.1-2.1 5.5-5 6.75C5.1 13 3 10.6 3 7.5v-4L8 1.75Z" />
      <path d="m5.75 8 1.6 1.6L10.5 6.5" />
    </Icon>
  ),
  alerts: (
    <Icon>
      <path d="M4 11V7a4 4 0 0 1 8 0v4l1 1.5H3L4 11Z" />
      <path d="M6.75 14a1.4 1.4 0 0 0 2.5 0" />
    </Icon>
  ),
  audit: (
    <Icon>
      <path d="M4 1.5h5.5L12.5 4.5v10h-8.5z" />
      <path d="M6.5 7.5h4M6.5 10h4M6.5 12.5h2.5" />
    </Icon>
  ),
  simulator: (
    <Icon>
      <path d="M5.5 1.5h5M6.5 1.5v4.25L2.6 12.9a1 1 0 0 0 .88 1.6h9.04a1 1 0 0 0 .88-1.6L9.5 5.75V1.5" />
      <path d="M4.4 10h7.2" />
    </Icon>
  ),
  settings: (
    <Icon>
      <circle cx="8" cy="8" r="2" />
      <path d="M8 1.5v2M8 12.5v2M1.5 8h2M12.5 8h2M3.4 3.4l1.4 1.4M11.2 11.2l1.4 1.4M3.4 12.6l1.4-1.4M11.2 4.8l1.4-1.4" />
    </Icon>
  ),
  menu: (
    <Icon>
      <path d="M2.5 4h11M2.5 8h11M2.5 12h11" />
    </Icon>
  ),
  close: (
    <Icon>
      <path d="M3.5 3.5l9 9M12.5 3.5l-9 9" />
    </Icon>
  ),
  sun: (
    <Icon>
      <circle cx="8" cy="8" r="3" />
      <path d="M8 1v1.5M8 13.5V15M1 8h1.5M13.5 8H15M3 3l1.1 1.1M11.9 11.9 13 13M3 13l1.1-1.1M11.9 4.1 13 3" />
    </Icon>
  ),
  moon: (
    <Icon>
      <path d="M13.5 9.5A5.5 5.5 0 0 1 6.5 2.5a5.5 5.5 0 1 0 7 7Z" />
    </Icon>
  ),
  signOut: (
    <Icon>
      <path d="M6 2.5H3.5a1 1 0 0 0-1 1v9a1 1 0 0 0 1 1H6M10.5 11 13.5 8l-3-3M13.5 8H6" />
    </Icon>
  ),
} as const;
