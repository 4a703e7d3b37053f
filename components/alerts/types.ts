// Client types and constants of alerts and notification channels, from the
// server's contracts. Those modules import only zod, so their constants may
// reach the browser bundle.
import type { z } from "zod";
import type { ZAlertList, ZAlertRuleList, ZCreateAlertRuleRequest, ZUpdateAlertRuleRequest } from "@/server/alerts/alerts.types";
import type { ZChannelList, ZCreateChannelRequest, ZDeliveryList, ZTestChannelResponse, ZUpdateChannelRequest } from "@/server/notifications/channels.types";

export {
  ALERT_EVENTS,
  ALERT_SOURCES,
  ALERT_STATES,
  SEVERITIES,
  SOURCE_INFO,
  severityRank,
  type TAlert,
  type TAlertChange,
  type TAlertChangeEvent,
  type TAlertCounts,
  type TAlertDetail,
  type TAlertRule,
  type TAlertSource,
  type TAlertState,
  type TAlertsSnapshot,
  type TDelivery,
  type TScope,
  type TSeverity,
} from "@/server/alerts/alerts.types";
export { CHANNEL_FORMATS, CHANNEL_KINDS, SMTP_TLS_MODES, type TChannel, type TChannelKind, type TChannelScope, type TSmtpTlsMode } from "@/server/notifications/channels.types";

export type TAlertList = z.output<typeof ZAlertList>;
export type TAlertRuleList = z.output<typeof ZAlertRuleList>;
export type TCreateAlertRuleRequest = z.input<typeof ZCreateAlertRuleRequest>;
export type TUpdateAlertRuleRequest = z.input<typeof ZUpdateAlertRuleRequest>;
export type TChannelList = z.output<typeof ZChannelList>;
export type TCreateChannelRequest = z.input<typeof ZCreateChannelRequest>;
export type TUpdateChannelRequest = z.input<typeof ZUpdateChannelRequest>;
export type TDeliveryList = z.output<typeof ZDeliveryList>;
export type TTestChannelResponse = z.output<typeof ZTestChannelResponse>;
