import { handle } from "@/server/http/endpoint";
import { deleteCredentialEndpoint, updateCredentialEndpoint } from "@/server/inventory/credentials/credentials.endpoints";

export const PATCH = handle(updateCredentialEndpoint);
export const DELETE = handle(deleteCredentialEndpoint);
