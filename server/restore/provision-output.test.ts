import { describe, expect, it } from "vitest";
import { parseProvisionOutput, provisionedRecord, readProvisionedRecord } from "./provision-output";

const FP = "SHA256:" + "A".repeat(43);

describe("the provision hook's output", () => {
  it.each([
    ["the bare minimum", '{"name":"db-3","address":"10.0.0.3"}', { name: "db-3", address: "10.0.0.3" }],
    [
      "every field",
      `{"name":"db-3","address":"10.0.0.3","port":2222,"username":"tandem","hostKeyFingerprint":"${FP}","site":"ams1"}`,
      { name: "db-3", address: "10.0.0.3", port: 2222, username: "tandem", hostKeyFingerprint: FP, site: "ams1" },
    ],
    ["after the hook's own chatter", 'cloning template…\nDomain db-3 started\n{"name":"db-3","address":"db-3.internal"}\n', { name: "db-3", address: "db-3.internal" }],
    ["with trailing blank lines and CRLF", '{"name":"db-3","address":"10.0.0.3"}\r\n\r\n  \n', { name: "db-3", address: "10.0.0.3" }],
  ])("reads %s", (_what, stdout, want) => {
    expect(parseProvisionOutput(stdout)).toEqual(want);
  });

  it.each([
    ["nothing", "", /printed nothing on stdout/],
    ["only blank lines", "\n  \n", /printed nothing on stdout/],
    ["garbage", "hv-ams1 ok (hypervisor)\n", /last line is not JSON: "hv-ams1 ok \(hypervisor\)"; expected one JSON object/],
    ["JSON that came before the last line", '{"name":"db-3","address":"10.0.0.3"}\ndone\n', /last line is not JSON: "done"/],
    ["a JSON array", '["db-3"]', /JSON is not valid: it must be a JSON object/],
    ["no name", '{"address":"10.0.0.3"}', /JSON is not valid: name is required/],
    ["a name that is no host name", '{"name":"db 3; rm -rf /","address":"10.0.0.3"}', /name must start with a letter or digit/],
    ["a bad address", '{"name":"db-3","address":"not an address!"}', /address must be a host name or an IPv4\/IPv6 address/],
    ["a port out of range", '{"name":"db-3","address":"10.0.0.3","port":70000}', /port must be 1-65535/],
    ["a malformed fingerprint", '{"name":"db-3","address":"10.0.0.3","hostKeyFingerprint":"md5:aa"}', /hostKeyFingerprint must be "SHA256:"/],
    ["a misspelt field", `{"name":"db-3","address":"10.0.0.3","fingerprint":"${FP}"}`, /has unknown field fingerprint/],
  ])("refuses %s, saying why", (_what, stdout, why) => {
    expect(() => parseProvisionOutput(stdout)).toThrow(why);
  });

  it("clips a long garbage line in the error", () => {
    expect(() => parseProvisionOutput("x".repeat(5000))).toThrow(/"x{200}…"/);
  });

  it("is recorded as the step's last line and read back from it", () => {
    const p = { name: "db-3", address: "10.0.0.3", port: 22, hostKeyFingerprint: FP };
    expect(readProvisionedRecord(`$ provision\nsome output\n${provisionedRecord(p)}`)).toEqual(p);
    expect(readProvisionedRecord(`${provisionedRecord(p)}\nsomething after`)).toBeNull();
    expect(readProvisionedRecord("provisioned: {nope")).toBeNull();
  });
});
