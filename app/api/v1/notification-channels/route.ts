import { handle } from "@/server/http/endpoint";
import { createChannelEndpoint, listChannelsEndpoint } from "@/server/notifications/channels.endpoints";

export const GET = handle(listChannelsEndpoint);
export const POST = handle(createChannelEndpoint);
