"use client";

import { useSyncExternalStore } from "react";
import { currentTheme, setTheme, subscribeTheme, type Theme } from "@/components/theme";
import { navIcons } from "./nav-icons";

export function ThemeToggle() {
  // null while rendering on the server: the theme is only known in the browser.
  const theme = useSyncExternalStore<Theme | null>(subscribeTheme, currentTheme, () => null);
  const next: Theme = theme === "dark" ? "light" : "dark";
  return (
    <button
      type="button"
      className="btn btn-ghost icon-btn"
      aria-label={theme ? `Switch to ${next} theme` : "Switch theme"}
      title={theme ? `Switch to ${next} theme` : undefined}
      onClick={() => setTheme(next)}
    >
      {theme === "dark" ? navIcons.sun : navIcons.moon}
    </button>
  );
}
