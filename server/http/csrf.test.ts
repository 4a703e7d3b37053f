import { describe, expect, it } from "vitest";
import { checkSameOrigin } from "./csrf";

const opts = { publicUrl: undefined, trustProxy: false, allowUnmarked: false };
const h = (o: Record<string, string>) => new Headers({ host: "tandem.local:3000", ...o });

describe("checkSameOrigin", () => {
  it("accepts same-origin browser requests", () => {
    expect(() => checkSameOrigin(h({ "sec-fetch-site": "same-origin", origin: "http://tandem.local:3000" }), opts)).not.toThrow();
    expect(() => checkSameOrigin(h({ origin: "http://tandem.local:3000" }), opts)).not.toThrow();
  });

  it("refuses cross-site and cross-origin requests", () => {
    expect(() => checkSameOrigin(h({ "sec-fetch-site": "cross-site" }), opts)).toThrow(/Cross-site/);
    expect(() => checkSameOrigin(h({ "sec-fetch-site": "same-site", origin: "http://other.tandem.local:3000" }), opts)).toThrow();
    expect(() => checkSameOrigin(h({ origin: "http://evil.test" }), opts)).toThrow(/Cross-origin/);
    expect(() => checkSameOrigin(h({ origin: "https://tandem.local:3000" }), opts)).toThrow();
  });

  it("refuses unmarked requests unless allowed (scripts without a cookie)", () => {
    expect(() => checkSameOrigin(h({}), opts)).toThrow(/needs an Origin header/);
    expect(() => checkSameOrigin(h({}), { ...opts, allowUnmarked: true })).not.toThrow();
    expect(() => checkSameOrigin(h({ origin: "http://evil.test" }), { ...opts, allowUnmarked: true })).toThrow();
  });

  it("compares with TANDEM_PUBLIC_URL behind a proxy", () => {
    const o = { ...opts, publicUrl: "https://tandem.example.com" };
    expect(() => checkSameOrigin(h({ origin: "https://tandem.example.com" }), o)).not.toThrow();
    expect(() => checkSameOrigin(h({ origin: "http://tandem.local:3000" }), o)).toThrow();
  });
});
