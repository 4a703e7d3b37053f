"use client";

import { useEffect, useRef, type FormEvent } from "react";

/**
 * Props for a filter <form>: applied `delay` ms after the last change (so
 * typing does not fire a request per key), at once on submit, and cleared on reset.
 */
export function useFilterForm({ apply, clear, delay }: { apply: (form: FormData) => void; clear: () => void; delay: number }) {
  const ref = useRef<HTMLFormElement>(null);
  const debounce = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(debounce.current), []);

  function run() {
    clearTimeout(debounce.current);
    if (ref.current) apply(new FormData(ref.current));
  }

  return {
    ref,
    onSubmit: (e: FormEvent<HTMLFormElement>) => {
      e.preventDefault();
      run();
    },
    onChange: () => {
      clearTimeout(debounce.current);
      debounce.current = setTimeout(run, delay);
    },
    onReset: () => {
      clearTimeout(debounce.current);
      clear();
    },
  };
}
