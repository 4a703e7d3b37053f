import { handle } from "@/server/http/endpoint";
import { simulatorStateEndpoint } from "@/server/simulator/simulator.endpoints";

export const GET = handle(simulatorStateEndpoint);
