/**
 * A real S3 server for tests and benchmarks: a one-node Ceph cluster from Debian's
 * packages (ceph-mon, ceph-osd, radosgw) in a temporary folder. One monitor, one OSD on
 * memstore (data in RAM), one radosgw on a loopback port, cephx off, no manager. It starts
 * in about a second; start it once per test file. The settings and their reasons are in
 * the team's notes (s3-ceph-rgw.md): the crc monitor mode (else radosgw waits 300 s for
 * cephx), fast paxos (else pool creation takes seconds), single-copy pools, object name
 * limits for memstore, and a short RGW garbage-collection delay so deleted data leaves RAM.
 *
 * stop() kills radosgw, then the OSD, then the monitor: the children this process started.
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import { HeadObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { S3StorageDriver, createS3Client, ensureBucket, type S3StorageConfig } from "@/lib/registry/storage/s3-driver";

const run = promisify(execFile);

export interface CephRgw {
  /** `http://127.0.0.1:<port>` */
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** The folder holding ceph.conf, logs and pid files. */
  dir: string;
  stop: () => Promise<void>;
}

/** True when the Debian packages are installed (tests refuse to pretend otherwise). */
export function isCephRgwInstalled(): boolean {
  return ["/usr/bin/ceph-mon", "/usr/bin/ceph-osd", "/usr/bin/radosgw", "/usr/bin/radosgw-admin"].every((file) => existsSync(file));
}

/** A port nobody listens on right now (the daemons bind it a moment later). */
async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function cephConf(dir: string, fsid: string, monPort: number, rgwPort: number, memstoreBytes: number): string {
  return `[global]
fsid = ${fsid}
mon host = v2:127.0.0.1:${monPort}
public addr = 127.0.0.1
cluster addr = 127.0.0.1
ms bind msgr1 = false
ms bind ipv6 = false
ms mon client mode = crc
auth cluster required = none
auth service required = none
auth client required = none
run dir = ${dir}
log file = ${dir}/$name.log
pid file = ${dir}/$name.pid
admin socket = ${dir}/$name.asok
mon data = ${dir}/mon-$id
osd data = ${dir}/osd-$id
keyring = ${dir}/keyring
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 1
osd pool default pgp num = 1
osd pool default pg autoscale mode = off
osd crush chooseleaf type = 0
mon allow pool size one = true
mon warn on pool no redundancy = false
mon max pg per osd = 1000
paxos propose interval = 0.01
paxos min wait = 0.001
debug ms = 0

[osd]
osd objectstore = memstore
memstore device bytes = ${memstoreBytes}
osd max object name len = 460
osd max object namespace len = 64

[client.rgw.a]
rgw frontends = beast endpoint=127.0.0.1:${rgwPort} tcp_nodelay=1
rgw dynamic resharding = false
rgw gc obj min wait = 60
rgw gc processor period = 60
`;
}

async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`radosgw did not answer at ${url} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface CephRgwOptions {
  /** RAM the memstore OSD may hold (default 3 GiB: the 500 MiB crash test and the benchmark's images fit). */
  memstoreBytes?: number;
}

/** Starts a one-node Ceph RGW with one S3 user; the caller creates its buckets. */
export async function startCephRgw(options: CephRgwOptions = {}): Promise<CephRgw> {
  if (!isCephRgwInstalled()) throw new Error("Ceph RGW is not installed: apt-get install ceph-mon ceph-osd radosgw (.ci/run does)");
  // Admin sockets are Unix sockets, so the folder path must stay short.
  const dir = await mkdtemp("/tmp/slw-rgw-");
  const conf = path.join(dir, "ceph.conf");
  const [monPort, rgwPort] = [await findFreePort(), await findFreePort()];
  const fsid = randomUUID();
  await writeFile(conf, cephConf(dir, fsid, monPort, rgwPort, options.memstoreBytes ?? 3 * 1024 ** 3));
  const ceph = async (command: string, args: string[]) => {
    try {
      return await run(command, ["-c", conf, ...args], { cwd: dir, timeout: 60_000 });
    } catch (error) {
      const stderr = String((error as { stderr?: string }).stderr ?? "").split("\n").slice(0, 3).join(" ");
      throw new Error(`${command} ${args.join(" ")} failed: ${stderr || (error as Error).message}`);
    }
  };
  // The daemons run in the foreground as our children (-f), so killing them leaves no zombies.
  const daemons: ChildProcess[] = [];
  const startDaemon = (command: string, args: string[]) => {
    const child = spawn(command, ["-c", conf, "-f", ...args], { cwd: dir, stdio: "ignore" });
    child.on("error", () => undefined);
    daemons.push(child);
  };
  const stop = async () => {
    // radosgw first, then the OSD, then the monitor (radosgw hangs when the monitor goes first).
    for (const child of [...daemons].reverse()) {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGKILL");
        await exited;
      }
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await run("monmaptool", ["--create", "--fsid", fsid, "--addv", "a", `[v2:127.0.0.1:${monPort}]`, path.join(dir, "monmap")], { timeout: 30_000 });
    await ceph("ceph-mon", ["--mkfs", "-i", "a", "--monmap", path.join(dir, "monmap")]);
    startDaemon("ceph-mon", ["-i", "a"]);
    const osdUuid = randomUUID();
    await ceph("ceph", ["osd", "new", osdUuid]);
    await mkdir(path.join(dir, "osd-0"));
    await ceph("ceph-osd", ["-i", "0", "--mkfs", "--osd-uuid", osdUuid]);
    startDaemon("ceph-osd", ["-i", "0"]);
    startDaemon("radosgw", ["-n", "client.rgw.a"]);
    const endpoint = `http://127.0.0.1:${rgwPort}`;
    await waitForHttp(endpoint, 60_000);
    const accessKeyId = `SLW${randomBytes(8).toString("hex").toUpperCase()}`;
    const secretAccessKey = randomBytes(24).toString("base64url");
    await ceph("radosgw-admin", ["user", "create", "--uid=slipway", "--display-name=slipway", `--access-key=${accessKeyId}`, `--secret-key=${secretAccessKey}`]);
    return { endpoint, region: "us-east-1", accessKeyId, secretAccessKey, dir, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** An S3 driver on a fresh bucket of the RGW, with the settings the server would read from S3_* variables. */
export async function createRgwStorage(rgw: CephRgw, bucket = `slipway-${randomBytes(6).toString("hex")}`, prefix = ""): Promise<RgwStorage> {
  const config: S3StorageConfig = {
    endpoint: rgw.endpoint,
    region: rgw.region,
    bucket,
    accessKeyId: rgw.accessKeyId,
    secretAccessKey: rgw.secretAccessKey,
    forcePathStyle: true,
    prefix,
  };
  const client = createS3Client(config);
  await ensureBucket(client, bucket);
  const driver = new S3StorageDriver(config, client);
  return {
    config,
    client,
    driver,
    env: {
      REGISTRY_STORAGE: "s3",
      S3_ENDPOINT: config.endpoint,
      S3_REGION: config.region,
      S3_BUCKET: bucket,
      S3_ACCESS_KEY_ID: config.accessKeyId,
      S3_SECRET_ACCESS_KEY: config.secretAccessKey,
      S3_FORCE_PATH_STYLE: "true",
      S3_PREFIX: prefix,
    },
    hasBlob: async (digest) => {
      try {
        await client.send(new HeadObjectCommand({ Bucket: bucket, Key: driver.blobKey(digest) }));
        return true;
      } catch (error) {
        if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return false;
        throw error;
      }
    },
  };
}

export interface RgwStorage {
  config: S3StorageConfig;
  client: S3Client;
  driver: S3StorageDriver;
  /** The environment a server process needs to use this bucket (REGISTRY_STORAGE=s3 and S3_*). */
  env: Record<string, string>;
  /** Whether the blob's object is in the bucket (looked up directly, not through the driver's own read path). */
  hasBlob: (digest: string) => Promise<boolean>;
}
