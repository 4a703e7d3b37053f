"use client";

import { useEffect, useRef } from "react";

/** A <dialog> shown modal while its component is mounted (focus trapped, Escape handled by the dialog), closed when it unmounts. */
export function useModal() {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  return ref;
}
