import { handle } from "@/server/http/endpoint";
import { powerSimHostEndpoint } from "@/server/simulator/simulator.endpoints";

export const POST = handle(powerSimHostEndpoint);
