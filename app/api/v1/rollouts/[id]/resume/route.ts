import { handle } from "@/server/http/endpoint";
import { resumeRolloutEndpoint } from "@/server/rollouts/rollouts.endpoints";

export const POST = handle(resumeRolloutEndpoint);
