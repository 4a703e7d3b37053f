// A stand-in polling worker for worker-metrics.test.ts: counts three polls, then answers metrics requests.
import { countPoll, processMetrics } from "../process-metrics";
import { answerMetricsRequests } from "../worker-metrics";

processMetrics("worker-1");
for (let i = 0; i < 3; i++) countPoll({ ok: false, at: new Date(), kind: "timeout", message: "slow" });
answerMetricsRequests();
process.send?.("ready");
// A real worker stays up for its pollers; the IPC channel alone does not keep a process alive.
setInterval(() => undefined, 1000);
