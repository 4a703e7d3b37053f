import { describe, expect, it } from "vitest";
import { openFileLimit, openFilesWarning, OTHER_FILES } from "./open-files";

const limits = (open: string) => `Limit                     Soft Limit           Hard Limit           Units     
Max cpu time              unlimited            unlimited            seconds   
Max open files            ${open}                20000                files     
Max locked memory         8388608              8388608              bytes     
`;

describe("open-file limit", () => {
  it("reads the soft limit of /proc/self/limits", () => {
    expect(openFileLimit(() => limits("20000"))).toBe(20_000);
    expect(openFileLimit(() => limits("unlimited"))).toBe(Infinity);
    expect(openFileLimit(() => "garbage")).toBeNull();
    expect(openFileLimit(() => { throw new Error("ENOENT"); })).toBeNull();
    // This machine's own: a number.
    expect(openFileLimit()).toBeGreaterThan(0);
  });

  it("warns when the servers and the process's other files do not fit, and says what to do", () => {
    expect(openFilesWarning(20_000 - OTHER_FILES, 20_000)).toBeNull();
    expect(openFilesWarning(10_000, null)).toBeNull();
    expect(openFilesWarning(10_000, Infinity)).toBeNull();
    const w = openFilesWarning(20_000, 20_000);
    expect(w).toMatch(/polls 20000 servers.*only 20000 files.*EMFILE.*LimitNOFILE=.*at least 20256.*TANDEM_WORKERS/);
  });
});
