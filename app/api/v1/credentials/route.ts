import { handle } from "@/server/http/endpoint";
import { createCredentialEndpoint, listCredentialsEndpoint } from "@/server/inventory/credentials/credentials.endpoints";

export const GET = handle(listCredentialsEndpoint);
export const POST = handle(createCredentialEndpoint);
