import { handle } from "@/server/http/endpoint";
import { setupEndpoint, setupStatusEndpoint } from "@/server/setup/setup.endpoints";

export const GET = handle(setupStatusEndpoint);
export const POST = handle(setupEndpoint);
