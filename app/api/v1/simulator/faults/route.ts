import { handle } from "@/server/http/endpoint";
import { injectFaultEndpoint } from "@/server/simulator/simulator.endpoints";

export const POST = handle(injectFaultEndpoint);
