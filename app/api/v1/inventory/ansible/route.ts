import { handle } from "@/server/http/endpoint";
import { ansibleInventoryEndpoint } from "@/server/inventory/ansible/ansible-inventory.endpoints";

export const GET = handle(ansibleInventoryEndpoint);
