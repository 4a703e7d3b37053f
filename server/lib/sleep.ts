// Waiting that an abort cuts short: resolves after `ms`, or at once when the
// signal aborts (the caller then checks why). The listener goes with the wait,
// so a loop polling on one long-lived signal does not pile listeners onto it.
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}
