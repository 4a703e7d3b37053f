// Request and response types for the inventory's client components, inferred
// from the server's zod schemas (type-only: no server code reaches the browser).
import type { z } from "zod";
import type { ZCreateServerRequest, ZServer, ZServerDetail, ZServerList, ZUpdateServerRequest } from "@/server/inventory/servers/servers.types";
import type { ZCreateSiteRequest, ZSite, ZSiteList, ZUpdateSiteRequest } from "@/server/inventory/sites/sites.types";
import type { ZCreateCredentialRequest, ZCredential, ZCredentialList, ZUpdateCredentialRequest } from "@/server/inventory/credentials/credentials.types";
import type { ZImportHost, ZImportRequest, ZImportResult } from "@/server/inventory/import/import.types";
import type { ZServerTestConnectionResult, ZTestConnectionRequest, ZTestConnectionResult } from "@/server/inventory/connection/test-connection.types";

export type TServer = z.output<typeof ZServer>;
export type TServerDetail = z.output<typeof ZServerDetail>;
export type TServerList = z.output<typeof ZServerList>;
export type TCreateServerRequest = z.input<typeof ZCreateServerRequest>;
export type TUpdateServerRequest = z.input<typeof ZUpdateServerRequest>;
export type TSite = z.output<typeof ZSite>;
export type TSiteList = z.output<typeof ZSiteList>;
export type TCreateSiteRequest = z.input<typeof ZCreateSiteRequest>;
export type TUpdateSiteRequest = z.input<typeof ZUpdateSiteRequest>;
export type TCredential = z.output<typeof ZCredential>;
export type TCredentialList = z.output<typeof ZCredentialList>;
export type TCreateCredentialRequest = z.input<typeof ZCreateCredentialRequest>;
export type TUpdateCredentialRequest = z.input<typeof ZUpdateCredentialRequest>;
export type TImportRequest = z.input<typeof ZImportRequest>;
export type TImportResult = z.output<typeof ZImportResult>;
export type TImportHost = z.output<typeof ZImportHost>;
export type TTestConnectionRequest = z.input<typeof ZTestConnectionRequest>;
export type TTestConnectionResult = z.output<typeof ZTestConnectionResult>;
export type TServerTestConnectionResult = z.output<typeof ZServerTestConnectionResult>;
export type THostState = TServer["state"];
