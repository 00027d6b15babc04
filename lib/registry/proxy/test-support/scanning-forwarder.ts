/**
 * Test support: a loopback TCP forwarder in front of a server that searches every byte
 * the server sends back (status lines, headers, bodies, whole 100 MiB blobs) for a set
 * of secrets as it passes, without keeping the bytes. Clients pointed at it see the
 * server unchanged; `found` lists each secret that went by.
 */
import net from "node:net";

export interface ScanningForwarder {
  /** `127.0.0.1:<port>` for clients. */
  host: string;
  /** Bytes the server sent through the forwarder. */
  readonly bytesScanned: number;
  /** The needles seen in the server's answers. */
  found: Set<string>;
  /** How each connection ended: which side ended or failed first, and how much had reached the client. */
  readonly endings: string[];
  close: () => Promise<void>;
}

/** Starts the forwarder to `127.0.0.1:<targetPort>`, scanning the answers for `needles`. */
export async function startScanningForwarder(targetPort: number, needles: string[]): Promise<ScanningForwarder> {
  const patterns = needles.filter(Boolean).map((needle) => ({ needle, bytes: Buffer.from(needle) }));
  const keep = Math.max(0, ...patterns.map((pattern) => pattern.bytes.length - 1));
  const found = new Set<string>();
  const sockets = new Set<net.Socket>();
  const endings: string[] = [];
  let bytesScanned = 0;
  let connections = 0;
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, "127.0.0.1");
    const connection = ++connections;
    sockets.add(client).add(upstream);
    let tail = Buffer.alloc(0);
    let relayed = 0;
    upstream.on("data", (chunk: Buffer) => {
      bytesScanned += chunk.length;
      relayed += chunk.length;
      const window = tail.length > 0 ? Buffer.concat([tail, chunk]) : chunk;
      for (const pattern of patterns) if (window.includes(pattern.bytes)) found.add(pattern.needle);
      tail = Buffer.from(window.subarray(Math.max(0, window.length - keep)));
    });
    // A side that finishes sending ends the other gracefully (pipe), so whatever is still
    // queued for the client reaches it; only an error or the client leaving cuts both.
    client.pipe(upstream);
    upstream.pipe(client);
    const events: string[] = [];
    const note = (event: string) => events.push(`${event} (${relayed} bytes relayed, ${client.writableLength} queued)`);
    const cut = (side: string) => (error: NodeJS.ErrnoException) => {
      note(`${side} error ${error.code ?? error.message}`);
      client.destroy();
      upstream.destroy();
    };
    client.on("end", () => note("client ended")).on("error", cut("client"));
    upstream.on("end", () => note("server ended")).on("error", cut("server"));
    upstream.on("close", () => note("server closed"));
    client.on("close", () => {
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
      endings.push(`connection ${connection}: ${events.join(", ")}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    get bytesScanned() {
      return bytesScanned;
    },
    found,
    endings,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
