// Light/dark theme: an explicit choice lives in localStorage; without one the
// OS preference applies. The inline script in app/layout.tsx applies it before
// first paint; this module keeps it in step afterwards.
export type Theme = "light" | "dark";

export const THEME_STORAGE_KEY = "tandem-theme";

/** Runs before paint as an inline <script>; must stay self-contained ES5. */
export const themeInitScript = `(function(){var t;try{t=localStorage.getItem("${THEME_STORAGE_KEY}")}catch(e){}if(t!=="light"&&t!=="dark"){t=window.matchMedia&&window.matchMedia("(prefers-color-scheme: dark)").matches?"dark":"light"}document.documentElement.setAttribute("data-theme",t)})();`;

const listeners = new Set<() => void>();

export function currentTheme(): Theme {
  return document.documentElement.getAttribute("data-theme") === "dark" ? "dark" : "light";
}

export function setTheme(theme: Theme): void {
  document.documentElement.setAttribute("data-theme", theme);
  try {
    localStorage.setItem(THEME_STORAGE_KEY, theme);
  } catch {
    // Private mode or storage disabled: the choice lasts for this page only.
  }
  for (const l of listeners) l();
}

export function subscribeTheme(listener: () => void): () => void {
  listeners.add(listener);
  // Follow the OS while the user has not chosen explicitly.
  const mq = window.matchMedia("(prefers-color-scheme: dark)");
  const onOsChange = () => {
    let stored: string | null = null;
    try {
      stored = localStorage.getItem(THEME_STORAGE_KEY);
    } catch {}
    if (stored !== "light" && stored !== "dark") {
      document.documentElement.setAttribute("data-theme", mq.matches ? "dark" : "light");
      listener();
    }
  };
  mq.addEventListener("change", onOsChange);
  return () => {
    listeners.delete(listener);
    mq.removeEventListener("change", onOsChange);
  };
}
