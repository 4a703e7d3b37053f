// A real OpenID provider (oidc-provider) on loopback for the single sign-on
// spec: one confidential client registered for Tandem's callback, and accounts
// whose `groups` claim maps to OPERATOR, VIEWER and to nothing. Its built-in
// development login form takes any password; the login names the account.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Provider, { type Configuration } from "oidc-provider";
import { IDP_ACCOUNTS } from "./idp-accounts";

export const IDP_CLIENT = { id: "tandem-e2e", secret: "tandem-e2e-client-secret" };

/** The variables that point a Tandem at this IdP, as an operator would set them. */
export function tandemOidcEnv(issuer: string): Record<string, string> {
  return {
    TANDEM_OIDC_ISSUER: issuer,
    TANDEM_OIDC_CLIENT_ID: IDP_CLIENT.id,
    TANDEM_OIDC_CLIENT_SECRET: IDP_CLIENT.secret,
    TANDEM_OIDC_SCOPES: "openid email profile groups",
    TANDEM_OIDC_ADMIN_GROUPS: "tandem-admins",
    TANDEM_OIDC_OPERATOR_GROUPS: "tandem-operators",
    TANDEM_OIDC_VIEWER_GROUPS: "tandem-viewers",
    TANDEM_OIDC_DEFAULT_ROLE: "none",
    TANDEM_OIDC_LABEL: "Test IdP",
  };
}

export async function startTestIdp(tandemOrigin: string): Promise<{ issuer: string; stop(): Promise<void> }> {
  // Listen first, so the issuer URL carries the port the system chose.
  let handler: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  const server = createServer((req, res) => handler!(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const configuration: Configuration = {
    clients: [
      {
        client_id: IDP_CLIENT.id,
        client_secret: IDP_CLIENT.secret,
        redirect_uris: [`${tandemOrigin}/api/v1/auth/oidc/callback`],
        response_types: ["code"],
        grant_types: ["authorization_code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"], groups: ["groups"] },
    scopes: ["openid", "email", "profile", "groups"],
    pkce: { required: () => true },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    cookies: { keys: ["tandem-e2e-idp-cookie-key"] },
    features: { devInteractions: { enabled: true } },
    async findAccount(_ctx, id) {
      const account = IDP_ACCOUNTS[id as keyof typeof IDP_ACCOUNTS];
      if (!account) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, email: account.email, email_verified: true, name: account.name, groups: [...account.groups] }) };
    },
    // Tandem is a first-party client here: no consent screen, every requested scope granted.
    async loadExistingGrant(ctx) {
      const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session!.grantIdFor(ctx.oidc.client!.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId! });
      grant.addOIDCScope("openid email profile groups");
      await grant.save();
      return grant;
    },
  };
  const provider = new Provider(issuer, configuration);
  handler = provider.callback();
  return {
    issuer,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
