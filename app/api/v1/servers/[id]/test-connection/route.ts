import { handle } from "@/server/http/endpoint";
import { testServerConnectionEndpoint } from "@/server/inventory/connection/test-connection.endpoints";

export const POST = handle(testServerConnectionEndpoint);
