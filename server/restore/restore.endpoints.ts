// Restoring a group's redundancy on request: for operators (the hooks it runs
// were set by an admin).
import { defineEndpoint } from "../http/endpoint";
import { liveStatesOf } from "../groups/group-dto";
import { ZGroupIdParams } from "../groups/groups.types";
import { ZOperation } from "../operations/operation.types";
import { ZStartRestoreRequest } from "./restore.types";
import { startRestore } from "./start-restore";

export const startRestoreEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/groups/{id}/restore",
  summary:
    "Restore the group's redundancy: its provision hook creates a replacement, which is registered, health-gated, joined (join hook) and added to the group; answers 202 with the running operation (409 without a provision hook, while another operation runs on the group, or when the group is OK unless `force`)",
  tag: "operations",
  access: "OPERATOR",
  params: ZGroupIdParams,
  body: ZStartRestoreRequest,
  response: ZOperation,
  status: 202,
  async handler({ params, body, actor, rt }) {
    return (await startRestore({ db: rt.db, engine: rt.services.operations, live: liveStatesOf(rt.services.monitoring) }, actor, params.id, body)).operation;
  },
});
