// The notification service: `notify` turns alert events into delivery rows,
// a worker sends them with retries. Deliveries are rows, so a restart loses
// nothing: the worker picks up what is due after start().
import type { Db } from "../db/client";
import type { SecretBox } from "../crypto/secret-box";
import type { Logger } from "../lib/logger";
import type { Actor } from "../auth/principal";
import type { TAlert } from "../alerts/alerts.types";
import { intervalLoop } from "../lib/interval-loop";
import { enqueueNotifications } from "./enqueue-notifications";
import { deliverDue, leaseMs } from "./deliver-due";
import { sendTestNotification } from "./send-test-notification";
import { DEFAULT_RETRY, type RetryPolicy } from "./retry-policy";
import type { TNotifyEvent, TTestChannelResult } from "./channels.types";

export type Notifier = {
  notify(alert: TAlert, event: TNotifyEvent): Promise<void>;
  sendTest(channelId: string, actor: Actor): Promise<TTestChannelResult>;
  start(): void;
  stop(): Promise<void>;
  /** resolves when no PENDING delivery is due (tests) */
  drain?(): Promise<void>;
};

export type NotifierDeps = {
  db: Db;
  secretBox: SecretBox;
  log: Logger;
  clock?: () => Date;
  fetch?: typeof fetch;
  retry?: RetryPolicy;
  pollMs?: number;
  /** Tandem's public URL: payloads then link to the alert's page. */
  publicUrl?: string;
};

export function createNotifier(deps: NotifierDeps): Notifier {
  const clock = deps.clock ?? (() => new Date());
  const retry = deps.retry ?? DEFAULT_RETRY;
  const log = deps.log.child({ component: "notifier" });
  const deliverDeps = { db: deps.db, secretBox: deps.secretBox, log, clock, fetch: deps.fetch ?? fetch, retry, timeoutMs: retry.timeoutMs };

  // One pass at a time; a kick during a pass asks for another right after it,
  // so a delivery queued mid-pass is not left waiting for the next poll.
  let pass: Promise<void> | undefined;
  let again = false;
  let started = false;
  const runPass = (): Promise<void> => {
    if (pass) {
      again = true;
      return pass;
    }
    pass = (async () => {
      do {
        again = false;
        while ((await deliverDue(deliverDeps)) > 0 && started) {
          // a full batch may have left more behind: go on while running
        }
      } while (again && started);
    })().finally(() => {
      pass = undefined;
    });
    return pass;
  };
  const loop = intervalLoop("notifier", deps.pollMs ?? 1000, runPass, log, { runAtStart: true });
  const kick = () => {
    if (started) runPass().catch((e: unknown) => log.error("notifier pass failed", { err: e instanceof Error ? e : String(e) }));
  };

  return {
    async notify(alert, event) {
      const publicUrl = deps.publicUrl?.replace(/\/+$/, "");
      const r = await enqueueNotifications(deps.db, alert, event, { now: clock(), alertUrl: publicUrl ? `${publicUrl}/alerts/${alert.id}` : null });
      if (r.dropped > 0) log.info("notifications dropped by the flood guard", { alertId: alert.id, event, dropped: r.dropped });
      if (r.queued > 0) kick();
    },
    sendTest(channelId, actor) {
      return sendTestNotification({ ...deliverDeps, leaseMs: leaseMs(retry) }, channelId, actor);
    },
    start() {
      if (started) return;
      started = true;
      loop.start();
    },
    async stop() {
      started = false;
      await loop.stop();
      await pass;
    },
    async drain() {
      // Passes until one claims nothing: every due delivery has had its attempt.
      for (;;) {
        await pass;
        if ((await deliverDue(deliverDeps)) === 0) return;
      }
    },
  };
}
