// Unknown API paths answer problem+json 404, not an HTML page.
import { unknownApiRoute } from "@/server/http/unknown-route";

export const GET = unknownApiRoute;
export const POST = unknownApiRoute;
export const PUT = unknownApiRoute;
export const PATCH = unknownApiRoute;
export const DELETE = unknownApiRoute;
