import { inventoryChanged } from "../inventory-changed";
import { defineEndpoint, ZNoContent } from "../../http/endpoint";
import { listCredentials } from "./list-credentials";
import { createCredential } from "./create-credential";
import { updateCredential } from "./update-credential";
import { deleteCredential } from "./delete-credential";
import { ZCreateCredentialRequest, ZCredential, ZCredentialIdParams, ZCredentialList, ZUpdateCredentialRequest } from "./credentials.types";

export const listCredentialsEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/credentials",
  summary: "List SSH credentials (never their secrets)",
  tag: "inventory",
  access: "ADMIN",
  response: ZCredentialList,
  async handler({ rt }) {
    return { credentials: await listCredentials(rt.db, rt.secretBox) };
  },
});

export const createCredentialEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/credentials",
  summary: "Create an SSH credential: a private key (checked by parsing it) or a password, sealed at rest",
  tag: "inventory",
  access: "ADMIN",
  body: ZCreateCredentialRequest,
  response: ZCredential,
  status: 201,
  async handler({ body, actor, rt }) {
    return createCredential(rt.db, rt.secretBox, actor, body);
  },
});

export const updateCredentialEndpoint = defineEndpoint({
  method: "PATCH",
  path: "/api/v1/credentials/{id}",
  summary: "Rename a credential, change its login, or replace its secret",
  tag: "inventory",
  access: "ADMIN",
  params: ZCredentialIdParams,
  body: ZUpdateCredentialRequest,
  response: ZCredential,
  async handler({ params, body, actor, rt }) {
    const credential = await updateCredential(rt.db, rt.secretBox, actor, params.id, body);
    inventoryChanged(rt); // a new secret means new connections
    return credential;
  },
});

export const deleteCredentialEndpoint = defineEndpoint({
  method: "DELETE",
  path: "/api/v1/credentials/{id}",
  summary: "Delete a credential; refused (409) while servers use it",
  tag: "inventory",
  access: "ADMIN",
  params: ZCredentialIdParams,
  response: ZNoContent,
  status: 204,
  async handler({ params, actor, rt }) {
    await deleteCredential(rt.db, actor, params.id);
    return null;
  },
});
