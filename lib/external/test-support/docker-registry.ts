/**
 * Test support: a real CNCF distribution registry (Debian's `docker-registry`) on a
 * free loopback port, with htpasswd or token authentication, and a tiny OCI image
 * written by hand and pushed with skopeo. Only ever binds 127.0.0.1.
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import http from "node:http";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";

const run = promisify(execFile);

/** A port that was free a moment ago on 127.0.0.1. */
export async function findFreePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function makeTempDir(prefix: string): Promise<string> {
  return mkdtemp(path.join(tmpdir(), prefix));
}

export type RegistryAuthConfig =
  | { kind: "none" }
  | { kind: "htpasswd"; username: string; password: string }
  | { kind: "token"; realm: string; service: string; issuer: string; rootCertBundle: string };

export interface RunningRegistry {
  port: number;
  /** The docker-registry process (for benchmarks that account its CPU). */
  pid: number;
  endpoint: string;
  storageDir: string;
  /** With `logs: true`: every access-log line (stdout) and info log line (stderr, with `auth.user.name`), in order. */
  logs: string[];
  stop(): Promise<void>;
}

export interface DockerRegistryOptions {
  dir: string;
  storageDir: string;
  auth: RegistryAuthConfig;
  /** Keep the access log and info-level log lines (who was authenticated for which request). */
  logs?: boolean;
  /** Listen on this port (a restart on the port a stopped registry had); default a free one. */
  port?: number;
}

/** Collects whole lines of a child's output into `lines`. */
function collectLines(stream: NodeJS.ReadableStream, lines: string[]): void {
  let partial = "";
  stream.on("data", (chunk: Buffer) => {
    const parts = (partial + chunk.toString()).split("\n");
    partial = parts.pop()!;
    lines.push(...parts.filter(Boolean));
  });
}

/** Starts docker-registry with the given auth and storage folder; resolves once /v2/ answers. */
export async function startDockerRegistry(options: DockerRegistryOptions): Promise<RunningRegistry> {
  const port = options.port ?? (await findFreePort());
  const configFile = path.join(options.dir, `config-${port}.yml`);
  await writeFile(configFile, await renderConfig(port, options));
  const logs: string[] = [];
  // distribution reads REGISTRY_* variables as configuration overrides (REGISTRY_STORAGE_DIR would replace `storage`): ours are not for it.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("REGISTRY_"))) as NodeJS.ProcessEnv;
  const child = spawn("/usr/bin/docker-registry", ["serve", configFile], { env, stdio: ["ignore", options.logs ? "pipe" : "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  if (options.logs) {
    collectLines(child.stdout!, logs);
    collectLines(child.stderr!, logs);
  }
  try {
    await waitForHttp(port, child, () => stderr);
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  return { port, pid: child.pid!, endpoint: `127.0.0.1:${port}`, storageDir: options.storageDir, logs, stop: () => stopChild(child) };
}

async function renderConfig(port: number, options: DockerRegistryOptions): Promise<string> {
  const { auth } = options;
  let authBlock: string;
  if (auth.kind === "none") {
    authBlock = "";
  } else if (auth.kind === "htpasswd") {
    const { stdout } = await run("htpasswd", ["-Bbn", auth.username, auth.password]);
    const file = path.join(options.dir, "htpasswd");
    await writeFile(file, stdout);
    authBlock = `  htpasswd:\n    realm: basic-realm\n    path: ${file}\n`;
  } else {
    authBlock = `  token:\n    realm: ${auth.realm}\n    service: ${auth.service}\n    issuer: ${auth.issuer}\n    rootcertbundle: ${auth.rootCertBundle}\n`;
  }
  return [
    "version: 0.1",
    "log:",
    `  level: ${options.logs ? "info" : "error"}`,
    "  accesslog:",
    `    disabled: ${options.logs ? "false" : "true"}`,
    "storage:",
    "  filesystem:",
    `    rootdirectory: ${options.storageDir}`,
    "  delete:",
    "    enabled: true",
    "http:",
    `  addr: 127.0.0.1:${port}`,
    "  secret: slipway-test-secret",
    ...(authBlock ? ["auth:", authBlock] : []),
  ].join("\n");
}

async function waitForHttp(port: number, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited with ${child.exitCode}: ${stderr()}`);
    const answered = await new Promise<boolean>((resolve) => {
      const req = http.get({ host: "127.0.0.1", port, path: "/v2/", agent: false }, (res) => {
        res.resume();
        resolve(true);
      });
      req.on("error", () => resolve(false));
    });
    if (answered) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`docker-registry did not answer on port ${port}: ${stderr()}`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
  await exited;
  clearTimeout(timer);
}

function sha256(data: Buffer): string {
  return `sha256:${createHash("sha256").update(data).digest("hex")}`;
}

/** Writes a one-layer OCI image layout (empty tar layer) tagged `tag`; returns its manifest digest. */
export async function writeOciLayout(dir: string, tag: string): Promise<{ manifestDigest: string; manifestSize: number }> {
  const blobsDir = path.join(dir, "blobs", "sha256");
  await mkdir(blobsDir, { recursive: true });
  const putBlob = async (data: Buffer) => {
    const digest = sha256(data);
    await writeFile(path.join(blobsDir, digest.slice("sha256:".length)), data);
    return { digest, size: data.length };
  };
  const tar = Buffer.alloc(1024); // an empty tar archive: two zero blocks
  const layer = await putBlob(gzipSync(tar));
  const config = await putBlob(
    Buffer.from(JSON.stringify({ architecture: "amd64", os: "linux", config: {}, rootfs: { type: "layers", diff_ids: [sha256(tar)] } })),
  );
  const manifestBytes = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: "application/vnd.oci.image.manifest.v1+json",
      config: { mediaType: "application/vnd.oci.image.config.v1+json", ...config },
      layers: [{ mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", ...layer }],
    }),
  );
  const manifest = await putBlob(manifestBytes);
  await writeFile(path.join(dir, "oci-layout"), JSON.stringify({ imageLayoutVersion: "1.0.0" }));
  await writeFile(
    path.join(dir, "index.json"),
    JSON.stringify({
      schemaVersion: 2,
      manifests: [{ mediaType: "application/vnd.oci.image.manifest.v1+json", ...manifest, annotations: { "org.opencontainers.image.ref.name": tag } }],
    }),
  );
  return { manifestDigest: manifest.digest, manifestSize: manifest.size };
}

/** Pushes `oci:<layoutDir>:<tag>` to the loopback registry with skopeo. */
export async function pushWithSkopeo(layoutDir: string, tag: string, destination: string, credentials: string): Promise<void> {
  await run("/usr/bin/skopeo", ["copy", "--quiet", "--dest-tls-verify=false", "--dest-creds", credentials, `oci:${layoutDir}:${tag}`, `docker://${destination}`], {
    timeout: 60_000,
  });
}

/** Removes a temporary folder and everything in it. */
export async function removeDir(dir: string | undefined): Promise<void> {
  if (dir) await rm(dir, { recursive: true, force: true });
}
