"use client";

import Link from "next/link";
import { useEffect, useState } from "react";

/**
 * One line of free text (a reason, a title, an error) clipped to its table
 * column with an ellipsis; put it in a `.clip-cell` or `.clip-fill` cell. Text
 * that does not fit shows whole on hover (title), and a click, Enter or Space
 * unfolds it in place and folds it back. With `href` it is a link instead: the
 * page it leads to shows the whole of it. Text that fits stays plain, so short
 * rows add no tab stops.
 */
export function ClippedText({ text, href, className }: { text: string; href?: string; className?: string }) {
  const [el, setEl] = useState<HTMLElement | null>(null);
  const [clipped, setClipped] = useState(false);
  const [open, setOpen] = useState(false);

  useEffect(() => {
    // Unfolded text always fits, so only folded text is measured.
    if (!el || open) return;
    const measure = () => setClipped(el.scrollWidth > el.clientWidth);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [el, open, text]);

  const cls = className ? `clip ${className}` : "clip";
  const title = clipped && !open ? text : undefined;
  if (href) {
    return (
      <Link ref={setEl} href={href} className={cls} title={title}>
        {text}
      </Link>
    );
  }
  if (!clipped && !open) {
    return (
      <span ref={setEl} className={cls}>
        {text}
      </span>
    );
  }
  return (
    <button ref={setEl} type="button" className={`${cls} clip-toggle`} aria-expanded={open} title={title} onClick={() => setOpen(!open)}>
      {text}
    </button>
  );
}
