import { defineEndpoint, ZNoContent } from "../http/endpoint";
import type { Runtime } from "../runtime";
import { listChannels } from "./list-channels";
import { getChannel } from "./get-channel";
import { createChannel } from "./create-channel";
import { updateChannel } from "./update-channel";
import { deleteChannel } from "./delete-channel";
import { listChannelDeliveries } from "./list-channel-deliveries";
import { createNotifier, type Notifier } from "./notifier";
import {
  ZChannel,
  ZChannelIdParams,
  ZChannelList,
  ZCreateChannelRequest,
  ZDeliveryList,
  ZDeliveryListQuery,
  ZTestChannelResponse,
  ZUpdateChannelRequest,
} from "./channels.types";

const PATH = "/api/v1/notification-channels";

export const listChannelsEndpoint = defineEndpoint({
  method: "GET",
  path: PATH,
  summary: "List notification channels (URLs masked; never a signing secret, routing key or password)",
  tag: "notifications",
  access: "ADMIN",
  response: ZChannelList,
  async handler({ rt }) {
    return { channels: await listChannels(rt.db, rt.secretBox) };
  },
});

export const getChannelEndpoint = defineEndpoint({
  method: "GET",
  path: `${PATH}/{id}`,
  summary: "One notification channel (URL masked; never a signing secret, routing key or password)",
  tag: "notifications",
  access: "ADMIN",
  params: ZChannelIdParams,
  response: ZChannel,
  async handler({ params, rt }) {
    return getChannel(rt.db, rt.secretBox, params.id);
  },
});

export const createChannelEndpoint = defineEndpoint({
  method: "POST",
  path: PATH,
  summary: "Create a channel (WEBHOOK, PAGERDUTY, EMAIL or TEAMS); URLs, routing keys, signing secrets and SMTP passwords are sealed at rest",
  tag: "notifications",
  access: "ADMIN",
  body: ZCreateChannelRequest,
  response: ZChannel,
  status: 201,
  async handler({ body, actor, rt }) {
    return createChannel(rt.db, rt.secretBox, actor, body);
  },
});

export const updateChannelEndpoint = defineEndpoint({
  method: "PATCH",
  path: `${PATH}/{id}`,
  summary: "Edit a channel: routing, flood guard and its kind's settings; secrets left out are kept, null removes an optional one; the kind cannot change",
  tag: "notifications",
  access: "ADMIN",
  params: ZChannelIdParams,
  body: ZUpdateChannelRequest,
  response: ZChannel,
  async handler({ params, body, actor, rt }) {
    return updateChannel(rt.db, rt.secretBox, actor, params.id, body);
  },
});

export const deleteChannelEndpoint = defineEndpoint({
  method: "DELETE",
  path: `${PATH}/{id}`,
  summary: "Delete a channel and its delivery log",
  tag: "notifications",
  access: "ADMIN",
  params: ZChannelIdParams,
  response: ZNoContent,
  status: 204,
  async handler({ params, actor, rt }) {
    await deleteChannel(rt.db, actor, params.id);
    return null;
  },
});

export const testChannelEndpoint = defineEndpoint({
  method: "POST",
  path: `${PATH}/{id}/test`,
  summary: "Send a test notification now (one attempt); 200 with ok false when the receiver refused it",
  tag: "notifications",
  access: "ADMIN",
  params: ZChannelIdParams,
  response: ZTestChannelResponse,
  async handler({ params, actor, rt }) {
    return notifierOf(rt).sendTest(params.id, actor);
  },
});

export const listChannelDeliveriesEndpoint = defineEndpoint({
  method: "GET",
  path: `${PATH}/{id}/deliveries`,
  summary: "A channel's delivery log, newest first",
  tag: "notifications",
  access: "ADMIN",
  params: ZChannelIdParams,
  query: ZDeliveryListQuery,
  response: ZDeliveryList,
  async handler({ params, query, rt }) {
    return { deliveries: await listChannelDeliveries(rt.db, params.id, query.limit) };
  },
});

/** The running notifier, or (tests, a server without background services) a one-off one: a test send needs no worker. */
function notifierOf(rt: Runtime): Notifier {
  return rt.services.notifier ?? createNotifier({ db: rt.db, secretBox: rt.secretBox, log: rt.log });
}
