// A slow link in userspace: this kernel has no `netem`, so the lab's "slow
// link" scenario routes Tandem's SSH to one host through this TCP proxy (run
// in the hypervisor namespace, reached by a DNAT rule in Tandem's namespace
// only, so the host's peers still reach it directly). Every chunk, both ways,
// is held for the current delay, in order. stdin takes `delay <ms>` lines.
//   tsx lab/delay-proxy.ts <listen-address> <listen-port> <target-address> <target-port>
import net from "node:net";
import readline from "node:readline";

const [listenAddress, listenPort, targetAddress, targetPort] = process.argv.slice(2);
if (!listenAddress || !listenPort || !targetAddress || !targetPort) {
  console.error("usage: delay-proxy <listen-address> <listen-port> <target-address> <target-port>");
  process.exit(2);
}

let delayMs = 0;

/** Forwards from `from` to `to`, each chunk released `delayMs` after it arrived, never out of order. */
function pipeDelayed(from: net.Socket, to: net.Socket): void {
  let releaseAt = 0;
  from.on("data", (chunk) => {
    releaseAt = Math.max(releaseAt, Date.now() + delayMs);
    setTimeout(() => to.destroyed || to.write(chunk), releaseAt - Date.now());
  });
  from.on("end", () => setTimeout(() => to.end(), Math.max(0, releaseAt - Date.now())));
  from.on("error", () => to.destroy());
  from.on("close", () => setTimeout(() => to.destroy(), Math.max(0, releaseAt - Date.now())));
}

const server = net.createServer((client) => {
  const upstream = net.connect({ host: targetAddress, port: Number(targetPort) });
  pipeDelayed(client, upstream);
  pipeDelayed(upstream, client);
});
server.listen(Number(listenPort), listenAddress, () => console.log("listening"));

readline.createInterface({ input: process.stdin }).on("line", (line) => {
  const m = /^delay (\d+)$/.exec(line.trim());
  if (m) {
    delayMs = Number(m[1]);
    console.log(`delay ${delayMs}`);
  }
});
process.stdin.on("end", () => process.exit(0));
