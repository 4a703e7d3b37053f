// Test key pairs. ssh2's generateKeyPairSync("ed25519") strips leading zero
// bytes of the public key, so about one key in 256 cannot be parsed back
// (mscdex/ssh2#1390, #1513): a test using one would fail at random. Keys that
// do not parse back are drawn again.
import ssh2 from "ssh2";

type Options = Parameters<typeof ssh2.utils.generateKeyPairSync>[1];

export function ed25519KeyPair(opts?: Options): { private: string; public: string } {
  for (let i = 0; i < 50; i++) {
    const kp = opts ? ssh2.utils.generateKeyPairSync("ed25519", opts) : ssh2.utils.generateKeyPairSync("ed25519");
    const passphrase = (opts as { passphrase?: string } | undefined)?.passphrase;
    if (!(ssh2.utils.parseKey(kp.public) instanceof Error) && !(ssh2.utils.parseKey(kp.private, passphrase) instanceof Error)) return kp;
  }
  throw new Error("could not generate a parseable ed25519 key pair");
}
