import { handle } from "@/server/http/endpoint";
import { testChannelEndpoint } from "@/server/notifications/channels.endpoints";

export const POST = handle(testChannelEndpoint);
