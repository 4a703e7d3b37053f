import { handle } from "@/server/http/endpoint";
import { testConnectionEndpoint } from "@/server/inventory/connection/test-connection.endpoints";

export const POST = handle(testConnectionEndpoint);
