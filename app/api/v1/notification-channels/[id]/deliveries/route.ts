import { handle } from "@/server/http/endpoint";
import { listChannelDeliveriesEndpoint } from "@/server/notifications/channels.endpoints";

export const GET = handle(listChannelDeliveriesEndpoint);
