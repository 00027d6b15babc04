/**
 * What a 1 GiB blob PUT can reach on this machine without any registry around it: curl
 * sends a file over loopback to a bare Node server (a child with npm start's process
 * settings) that does only what every registry must do, sha256 over every byte and writes
 * of one batch size (256 KiB, as the registry's, unless `--batch-kib` says otherwise; one
 * in flight while the next fills) and one fdatasync, and a GET right after
 * reads the file back the way Slipway's registry serves blobs (send-file.ts). Each round writes through the
 * page cache, as Slipway and distribution do, once into fresh memory and once into pages
 * just freed, and then with O_DIRECT.
 *
 *   npm run bench:write-ceiling -- [--runs N] [--batch-kib K]
 *
 * It exists to tell what bounds the "raw PUT 1 GiB" row of bench:registry, and what
 * writing around the page cache would trade; the README's registry performance section
 * records its figures. Every file written stays until the end, as bench:registry's blobs
 * do, so both see the same memory: on these VMs a page the page cache takes from free
 * memory is slow to get (see the README).
 */
import { execFile, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { constants, createReadStream } from "node:fs";
import { mkdir, mkdtemp, open, rm } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { sendFileRange } from "@/lib/registry/storage/send-file";
import { runBenchScript, startBenchChild, stopBenchChild } from "./lib/bench-child";
import { processCpuTimes } from "./lib/process-cpu";
import { writeRandomFile } from "./lib/random-file";
import { readStartSettings, withStartEnvironment } from "./lib/start-settings";
import { median } from "./lib/median";
import { BenchOptionError, readWholeNumberOption } from "./lib/bench-options";

const run = promisify(execFile);
const MIB = 1024 * 1024;
const BLOB_BYTES = 1024 * MIB;
/** The server's batch size (a multiple of 64 KiB, WebAssembly's page), from --batch-kib. */
const BATCH_BYTES = Number(process.env.CEILING_BATCH_BYTES ?? 256 * 1024);
/**
 * "page cache, freed pages": the same write as "page cache", right after the round's
 * "page cache" file was deleted, so the kernel hands the writes the pages that file just
 * gave back rather than pages from long-free memory: the difference is what taking fresh
 * memory costs.
 */
const MODES = ["page cache", "page cache, freed pages", "O_DIRECT"] as const;
type Mode = (typeof MODES)[number];

const FILE_PREFIX: Record<Mode, string> = { "page cache": "buffered", "page cache, freed pages": "recycled", O_DIRECT: "direct" };

/**
 * A batch. For O_DIRECT its address must be page-aligned: V8 places a WebAssembly
 * memory at the start of its own pages, which Buffer.alloc does not promise.
 */
function batchBuffer(direct: boolean): Buffer {
  return direct ? Buffer.from(new WebAssembly.Memory({ initial: BATCH_BYTES / 65536 }).buffer) : Buffer.allocUnsafeSlow(BATCH_BYTES);
}

/** Reads the request into `file`, hashing every byte, and flushes it to disk; resolves with its sha256. */
async function receive(req: IncomingMessage, file: string, direct: boolean): Promise<string> {
  const hash = createHash("sha256");
  const handle = await open(file, direct ? constants.O_RDWR | constants.O_CREAT | constants.O_DIRECT : "w+");
  try {
    let [filling, writing] = [batchBuffer(direct), batchBuffer(direct)];
    let filled = 0;
    let position = 0;
    let inFlight: Promise<unknown> = Promise.resolve();
    for await (const chunk of req as AsyncIterable<Buffer>) {
      hash.update(chunk);
      for (let copied = 0; copied < chunk.length; ) {
        const length = Math.min(chunk.length - copied, BATCH_BYTES - filled);
        chunk.copy(filling, filled, copied, copied + length);
        filled += length;
        copied += length;
        if (filled < BATCH_BYTES) continue;
        await inFlight;
        inFlight = handle.write(filling, 0, filled, position);
        position += filled;
        [filling, writing] = [writing, filling];
        filled = 0;
      }
    }
    await inFlight;
    // O_DIRECT writes whole blocks only; the benchmark's file is whole MiB, so no partial batch is left.
    if (filled > 0) throw new Error(`the ceiling server takes whole MiB; ${filled} bytes were left over`);
    await handle.datasync();
    return hash.digest("hex");
  } finally {
    await handle.close();
  }
}

async function send(res: ServerResponse, file: string): Promise<void> {
  const handle = await open(file, "r");
  try {
    const { size } = await handle.stat();
    res.writeHead(200, { "content-length": size });
    await sendFileRange(handle, res, 0, size);
    res.end();
  } finally {
    await handle.close();
  }
}

/** The child: PUT /<name>?mode=… stores a file, GET /<name> serves it. */
function serve(): void {
  const dir = process.env.CEILING_DIR!;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://ceiling");
    const file = path.join(dir, path.basename(url.pathname));
    const work =
      req.method === "PUT"
        ? receive(req, file, url.searchParams.get("mode") === "O_DIRECT").then((digest) => res.end(digest))
        : send(res, file);
    work.catch((error: unknown) => {
      console.error(error);
      res.destroy();
    });
  });
  process.once("SIGTERM", () => process.exit(0));
  server.listen(0, "127.0.0.1", () => console.log(`READY ${(server.address() as AddressInfo).port}`));
}

/** The child, with npm start's environment defaults and Node flags, so it allocates and collects as the portal does. */
async function startCeilingServer(dir: string, batchKib: number): Promise<{ child: ChildProcess; host: string }> {
  const start = readStartSettings();
  const { child, port } = await startBenchChild("bench-write-ceiling.ts", { ...withStartEnvironment(process.env, start), CEILING_DIR: dir, CEILING_BATCH_BYTES: String(batchKib * 1024) }, start.nodeFlags);
  return { child, host: `127.0.0.1:${port}` };
}

interface Sample {
  seconds: number;
  user: number;
  system: number;
}

/** Times `work` and the child's CPU over it, after everything written before reached the disk. */
async function measure(pid: number, work: () => Promise<void>): Promise<Sample> {
  await run("sync");
  const before = processCpuTimes(pid);
  const started = process.hrtime.bigint();
  await work();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const after = processCpuTimes(pid);
  return { seconds, user: after.user - before.user, system: after.system - before.system };
}

async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file, { highWaterMark: 4 * MIB })) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

function parseBatchKib(argv: string[]): number {
  const index = argv.indexOf("--batch-kib");
  if (index === -1) return 256;
  const kib = Number(argv[index + 1]);
  if (!Number.isInteger(kib) || kib < 64 || kib > 16384 || kib % 64 !== 0) throw new BenchOptionError("--batch-kib takes a multiple of 64 from 64 to 16384");
  return kib;
}

async function main(): Promise<void> {
  const runs = readWholeNumberOption(process.argv, "--runs", 3, 20);
  const batchKib = parseBatchKib(process.argv.slice(2));
  const work = await mkdtemp(path.join(tmpdir(), "slipway-ceiling-"));
  const source = path.join(work, "source.bin");
  const blobs = path.join(work, "blobs");
  await mkdir(blobs);
  let server: { child: ChildProcess; host: string } | null = null;
  try {
    await writeRandomFile(source, BLOB_BYTES);
    const expected = await sha256OfFile(source);
    server = await startCeilingServer(blobs, batchKib);
    const { child, host } = server;
    const samples = new Map<Mode, { put: Sample[]; get: Sample[] }>(MODES.map((mode) => [mode, { put: [], get: [] }]));
    for (let round = 1; round <= runs; round++) {
      for (const mode of MODES) {
        const name = `${FILE_PREFIX[mode]}-${round}`;
        const url = `http://${host}/${name}`;
        if (mode === "page cache, freed pages") await rm(path.join(blobs, `${FILE_PREFIX["page cache"]}-${round}`));
        let digest = "";
        const put = await measure(child.pid!, async () => {
          digest = (await run("curl", ["-sS", "--fail", "-T", source, "-H", "Expect:", `${url}?mode=${encodeURIComponent(mode)}`])).stdout;
        });
        if (digest !== expected) throw new Error(`the ${mode} server hashed ${digest || "nothing"}, not ${expected}`);
        let received = 0;
        const get = await measure(child.pid!, async () => {
          received = Number((await run("curl", ["-sS", "--fail", "-o", "/dev/null", "-w", "%{size_download}", url])).stdout);
        });
        if (received !== BLOB_BYTES) throw new Error(`the ${mode} GET sent ${received} bytes, not ${BLOB_BYTES}`);
        const stored = await sha256OfFile(path.join(blobs, name));
        if (stored !== expected) throw new Error(`the ${mode} file on disk has sha256 ${stored}, not ${expected}`);
        samples.get(mode)!.put.push(put);
        samples.get(mode)!.get.push(get);
      }
      console.error(`round ${round}/${runs} done`);
    }
    const rate = (list: Sample[]) => `${(BLOB_BYTES / MIB / median(list.map((sample) => sample.seconds))).toFixed(1)} MiB/s`;
    const cpu = (list: Sample[]) =>
      `CPU user ${Math.round(median(list.map((sample) => sample.user)) * 1000)} ms, sys ${Math.round(median(list.map((sample) => sample.system)) * 1000)} ms`;
    console.log(`\nbare Node server, 1 GiB over loopback from curl: sha256 + ${batchKib} KiB writes + fdatasync, then a GET right after\n`);
    for (const mode of MODES) {
      const { put, get } = samples.get(mode)!;
      console.log(`${mode.padEnd(23)} PUT ${rate(put).padStart(13)} (${cpu(put)})   GET right after ${rate(get).padStart(13)} (${cpu(get)})`);
    }
    console.log(`\nmedians of ${runs} round(s), modes alternating; load average now ${loadavg().map((load) => load.toFixed(2)).join(" ")}`);
  } finally {
    if (server) await stopBenchChild(server.child);
    await rm(work, { recursive: true, force: true });
  }
}

runBenchScript(serve, main);
