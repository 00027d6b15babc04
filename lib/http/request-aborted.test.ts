import { createServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { errorResponse } from "@/lib/api/error-response";
import { captureLogs } from "@/lib/observability/test-support/capture-logs";
import { isRequestAborted } from "./request-aborted";

/** What reading a request body throws when the client hangs up halfway, from a real Node server on loopback. */
async function abortedReadError(): Promise<unknown> {
  let caught: (error: unknown) => void = () => undefined;
  const thrown = new Promise<unknown>((resolve) => (caught = resolve));
  const server = createServer(async (req) => {
    try {
      for await (const chunk of req) void chunk;
      caught(new Error("the body was read to its end"));
    } catch (error) {
      caught(error);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const client = httpRequest({ host: "127.0.0.1", port: (server.address() as AddressInfo).port, method: "POST", headers: { "Content-Length": "1000" } });
  client.on("error", () => undefined);
  client.write("only part of the body");
  setTimeout(() => client.destroy(), 50);
  try {
    return await thrown;
  } finally {
    server.close();
  }
}

describe("a request the client abandoned", () => {
  it("is recognised from the error Node's server throws while its body is read", async () => {
    const error = await abortedReadError();
    expect(isRequestAborted(error)).toBe(true);
  });

  it("is answered and logged as the client's doing, not as the database being unavailable", async () => {
    const logs = captureLogs();
    try {
      expect(errorResponse(await abortedReadError()).status).toBe(499);
      const lostDatabase = Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" });
      expect(isRequestAborted(lostDatabase)).toBe(false);
      expect(errorResponse(lostDatabase).status).toBe(503);
      expect(logs.lines().map((line) => [line.level, line.msg])).toEqual([
        [30, "client went away before the request was read"],
        [40, "request failed: database unavailable"],
      ]);
    } finally {
      logs.restore();
    }
  });
});
