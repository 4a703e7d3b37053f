import { handle } from "@/server/http/endpoint";
import { clearFaultEndpoint } from "@/server/simulator/simulator.endpoints";

export const POST = handle(clearFaultEndpoint);
