// A registry server process for the multi-instance and crash tests: the /v2/ handler
// wired exactly as `npm start` wires it (scripts/lib/mount-registry.ts: storage, secrets,
// database and registry host from the environment), without Next.js. Prints
// "listening <port>" once it accepts connections.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { closeRegistry, mountRegistry } from "../../../../scripts/lib/mount-registry";

const handler = mountRegistry((message) => process.stderr.write(`${message}\n`));
const server = createServer((req, res) => void handler(req, res));
server.requestTimeout = 0;
server.listen(Number(process.env.PORT || 0), "127.0.0.1", () => {
  process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`);
});
process.on("SIGTERM", () => {
  server.close();
  void closeRegistry().finally(() => process.exit(0));
});
