// A real SMTP server for tests (smtp-server, the counterpart of nodemailer),
// with a self-signed certificate made by the openssl CLI, and a small MIME
// reader for what it received: enough to check subject, text and HTML parts.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { SMTPServer, type SMTPServerOptions } from "smtp-server";

export type ReceivedMail = { from: string; to: string[]; user: string | null; secure: boolean; raw: string; headers: Record<string, string>; text: string; html: string };

/** A certificate for 127.0.0.1 and localhost, valid a day; null when the openssl CLI is missing (Debian package `openssl`). */
export function selfSignedCert(): { key: string; cert: string } | null {
  const dir = mkdtempSync(path.join(tmpdir(), "tandem-cert-"));
  try {
    execFileSync("openssl", [
      "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
      "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
      "-keyout", path.join(dir, "key.pem"), "-out", path.join(dir, "cert.pem"),
    ], { stdio: "ignore" });
    return { key: readFileSync(path.join(dir, "key.pem"), "utf8"), cert: readFileSync(path.join(dir, "cert.pem"), "utf8") };
  } catch {
    return null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export type TestSmtp = { port: number; mails: ReceivedMail[]; close(): Promise<void> };

/** Listens on 127.0.0.1; `users` given: AUTH required, with these passwords. */
export async function startSmtp(o: { tls: { key: string; cert: string }; secure?: boolean; users?: Record<string, string> }): Promise<TestSmtp> {
  const mails: ReceivedMail[] = [];
  const opts: SMTPServerOptions = {
    secure: o.secure ?? false,
    key: o.tls.key,
    cert: o.tls.cert,
    authOptional: !o.users,
    authMethods: ["PLAIN", "LOGIN"],
    logger: false,
    onAuth(auth, _session, cb) {
      if (o.users && o.users[auth.username ?? ""] === auth.password) return cb(null, { user: auth.username });
      const err = Object.assign(new Error("Authentication credentials invalid"), { responseCode: 535 });
      return cb(err);
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          user: (session.user as string | undefined) ?? null,
          secure: session.secure,
          raw,
          ...parseMime(raw),
        });
        cb();
      });
    },
  };
  const server = new SMTPServer(opts);
  // A client that refuses the certificate hangs up mid-handshake: expected in tests, not a crash.
  server.on("error", () => undefined);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.server.address() as AddressInfo).port;
  return { port, mails, close: () => new Promise<void>((r) => server.close(() => r())) };
}

function splitHead(block: string): { headers: Record<string, string>; body: string } {
  const at = block.indexOf("\r\n\r\n");
  const head = (at < 0 ? block : block.slice(0, at)).replace(/\r\n[ \t]+/g, " ");
  const headers: Record<string, string> = {};
  for (const line of head.split("\r\n")) {
    const i = line.indexOf(":");
    if (i > 0) headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
  }
  return { headers, body: at < 0 ? "" : block.slice(at + 4) };
}

function decode(body: string, encoding = "7bit"): string {
  if (/base64/i.test(encoding)) return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  if (/quoted-printable/i.test(encoding)) {
    const bytes = body.replace(/=\r\n/g, "").replace(/=([0-9A-F]{2})/gi, (_, h: string) => `%${h}`);
    return decodeURIComponent(bytes.replace(/%(?![0-9A-F]{2})/gi, "%25"));
  }
  return body;
}

/** The top-level headers and the text/plain and text/html parts, however nested. */
export function parseMime(raw: string): { headers: Record<string, string>; text: string; html: string } {
  const top = splitHead(raw);
  const out = { headers: top.headers, text: "", html: "" };
  const walk = (headers: Record<string, string>, body: string) => {
    const type = headers["content-type"] ?? "text/plain";
    const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
    if (/^multipart\//i.test(type) && boundary) {
      for (const part of body.split(`--${boundary}`).slice(1)) {
        if (part.startsWith("--")) break;
        const p = splitHead(part.replace(/^\r\n/, ""));
        walk(p.headers, p.body.replace(/\r\n$/, ""));
      }
      return;
    }
    const text = decode(body, headers["content-transfer-encoding"]).replace(/\r\n/g, "\n");
    if (/^text\/html/i.test(type)) out.html = text;
    else if (/^text\/plain/i.test(type)) out.text = text;
  };
  walk(top.headers, top.body);
  return out;
}
