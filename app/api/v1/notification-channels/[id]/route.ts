import { handle } from "@/server/http/endpoint";
import { deleteChannelEndpoint, getChannelEndpoint, updateChannelEndpoint } from "@/server/notifications/channels.endpoints";

export const GET = handle(getChannelEndpoint);
export const PATCH = handle(updateChannelEndpoint);
export const DELETE = handle(deleteChannelEndpoint);
