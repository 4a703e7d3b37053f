// One email over SMTP with nodemailer, never throwing: the outcome is what the
// delivery log records, with the SMTP reply code as its status (250 sent; 5xx
// refusals are permanent, RFC 5321 says retrying cannot help).
import nodemailer from "nodemailer";
import type { TSmtpConfig } from "./channel-secret";
import type { TEmailMessage } from "./build-email-message";
import type { AttemptOutcome } from "./attempt-delivery";

const MAX_ERROR = 2048;

export async function sendEmail(
  smtp: TSmtpConfig,
  password: string | undefined,
  msg: TEmailMessage,
  o: { deliveryId: string; event: string; timeoutMs: number },
): Promise<AttemptOutcome> {
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.tlsMode === "implicit",
    requireTLS: smtp.tlsMode === "starttls",
    ignoreTLS: smtp.tlsMode === "none",
    ...(smtp.username ? { auth: { user: smtp.username, pass: password ?? "" } } : {}),
    tls: { rejectUnauthorized: smtp.rejectUnauthorized, ...(smtp.ca ? { ca: smtp.ca } : {}) },
    connectionTimeout: o.timeoutMs,
    greetingTimeout: o.timeoutMs,
    socketTimeout: o.timeoutMs,
    // A broken relay must not keep a worker waiting on a pool.
    pool: false,
  });
  try {
    const info = await transport.sendMail({
      from: smtp.from,
      to: smtp.to,
      subject: msg.subject,
      text: msg.text,
      html: msg.html,
      ...(msg.messageId ? { messageId: msg.messageId } : {}),
      ...(msg.references ? { references: msg.references, inReplyTo: msg.references } : {}),
      headers: { "X-Tandem-Delivery": o.deliveryId, "X-Tandem-Event": o.event },
    });
    return { ok: true, status: replyCode(info.response) ?? 250, error: null, permanent: false };
  } catch (e) {
    const err = e as Error & { code?: string; responseCode?: number; response?: string };
    const status = typeof err.responseCode === "number" ? err.responseCode : null;
    const detail = err.response ?? err.message ?? String(e);
    const error = `SMTP ${status ?? err.code ?? "error"}: ${detail}`.slice(0, MAX_ERROR);
    return { ok: false, status, error, permanent: status !== null && status >= 500 };
  } finally {
    transport.close();
  }
}

const replyCode = (response: string | undefined) => {
  const m = /^(\d{3})\b/.exec(response ?? "");
  return m ? Number(m[1]) : null;
};
