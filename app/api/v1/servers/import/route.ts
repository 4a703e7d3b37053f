import { handle } from "@/server/http/endpoint";
import { importServersEndpoint } from "@/server/inventory/import/import.endpoints";

export const POST = handle(importServersEndpoint);
