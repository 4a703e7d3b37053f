import { handle } from "@/server/http/endpoint";
import { deleteChannelEndpoint, updateChannelEndpoint } from "@/server/notifications/channels.endpoints";

export const PATCH = handle(updateChannelEndpoint);
export const DELETE = handle(deleteChannelEndpoint);
