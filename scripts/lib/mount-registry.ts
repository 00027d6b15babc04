// The /v2/ OCI registry handler, mounted beside Next.js by scripts/start.ts.
import type { IncomingMessage, ServerResponse } from "node:http";

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export async function mountRegistry(): Promise<Handler> {
  return async (_req, res) => {
    res.writeHead(404, { "content-type": "application/json" });
    res.end(JSON.stringify({ errors: [{ code: "UNSUPPORTED", message: "the registry is not mounted yet" }] }));
  };
}
