// `npm run bench`: every benchmark, figures beside their targets.
//   npm run bench -- --servers 10000 --interval 5000 --clients 100 --window 30
import { runPollingBench } from "./polling";
import { printTable } from "./report";

const rows = await runPollingBench();
printTable("Polling (issue 3 targets)", rows);
process.exit(0);
