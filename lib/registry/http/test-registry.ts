/**
 * Test support for the registry's integration tests: the real handler on a loopback
 * port with a temporary blob folder, real accounts (lib/test/fixtures) and apps, license
 * sign-in and the pull ledger wired as the server wires them (with a 100 ms license
 * check cache, and no background flush timer worth waiting for: tests call
 * `registry.ledger.flush()`), and small HTTP helpers that speak the token protocol.
 */
import { recordRegistryChange } from "@/lib/audit/record-registry-change";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { checkTokenStanding } from "@/lib/auth/access-tokens";
import { grantRegistryActions, listPullableAppSlugs } from "@/lib/auth/registry-access";
import { authenticateRegistryBasic } from "@/lib/auth/registry-credentials";
import { checkLicenseStanding } from "@/lib/customers/license-auth";
import { createPullLedger, type PullLedger, type PullLedgerOptions } from "@/lib/customers/pull-ledger";
import { testPrisma, uniqueSuffix } from "@/lib/test/database";
import { createTestAccount, type TestAccount } from "@/lib/test/fixtures";
import { computeDigest } from "@/lib/registry/digests";
import type { RegistryHandlerOptions, RegistryLogger } from "@/lib/registry/http/context";
import { createRegistryHandler } from "@/lib/registry/http/registry-handler";
import { FilesystemStorageDriver } from "@/lib/registry/storage/fs-driver";

export interface TestRegistry {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** `127.0.0.1:<port>`, the registry host clients use. */
  host: string;
  storageDir: string;
  options: RegistryHandlerOptions;
  /** Errors the handler logged; a test that expects none can assert this stays empty. */
  loggedErrors: string[];
  /** Every request as "METHOD /path?query STATUS", in order of completion; an answer that never finished ends in "cut short after N ms". */
  requests: string[];
  /** The pull ledger the handler records license pulls into. */
  ledger: PullLedger;
  close: () => Promise<void>;
}

/** How long the test registry reuses a license check: short, so revocation tests wait little. */
export const TEST_LICENSE_CHECK_CACHE_MS = 100;

/** Starts the registry handler on an ephemeral loopback port; `ledgerOptions` tune its pull ledger (background pruning is off). */
export async function startTestRegistry(overrides: Partial<RegistryHandlerOptions> = {}, ledgerOptions: Partial<PullLedgerOptions> = {}): Promise<TestRegistry> {
  const prisma = testPrisma();
  const storageDir = await mkdtemp(path.join(tmpdir(), "slipway-registry-test-"));
  const loggedErrors: string[] = [];
  const logger: RegistryLogger = {
    info: () => undefined,
    warn: () => undefined,
    error: (message, fields) => loggedErrors.push(`${message} ${JSON.stringify(fields ?? {})}`),
  };
  const ledger = createPullLedger({ prisma, logger, pruneIntervalMs: 0, ...ledgerOptions });
  const options: RegistryHandlerOptions = {
    prisma,
    storage: new FilesystemStorageDriver(storageDir),
    tokenSecret: randomBytes(32),
    authenticateBasic: authenticateRegistryBasic,
    grantActions: grantRegistryActions,
    listPullableAppSlugs,
    checkLicense: checkLicenseStanding,
    checkAccessToken: checkTokenStanding,
    recordChange: recordRegistryChange,
    licenseCheckCacheMs: TEST_LICENSE_CHECK_CACHE_MS,
    recordPull: (event) => ledger.record(event),
    logger,
    ...overrides,
  };
  const handler = createRegistryHandler(options);
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const started = process.hrtime.bigint();
    res.on("finish", () => requests.push(`${req.method} ${req.url} ${res.statusCode}` + (process.env.REGISTRY_TIMING ? ` ${Number(process.hrtime.bigint() - started) / 1e6}` : "")));
    res.on("close", () => {
      if (!res.writableFinished) requests.push(`${req.method} ${req.url} ${res.statusCode} cut short after ${Number(process.hrtime.bigint() - started) / 1e6} ms`);
    });
    void handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    storageDir,
    options,
    loggedErrors,
    requests,
    ledger,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await ledger.close();
      await rm(storageDir, { recursive: true, force: true });
    },
  };
}

export interface TestTenant {
  account: TestAccount;
  slug: string;
}

/** A new user with their own team and one application. */
export async function createTestTenant(label: string): Promise<TestTenant> {
  const account = await createTestAccount(label);
  const slug = `${label}-${uniqueSuffix()}`;
  await testPrisma().app.create({ data: { teamId: account.principal.teamId, name: `App ${slug}`, slug } });
  return { account, slug };
}

/** Fetches a bearer token with a license ID as both username and password, as customers log in. */
export function fetchLicenseToken(registry: TestRegistry, licenseId: string, scopes: string[]): Promise<string> {
  return fetchToken(registry, licenseId, licenseId, scopes);
}

/** Basic credentials header for the token endpoint. */
export function basicAuth(email: string, secret: string): string {
  return `Basic ${Buffer.from(`${email}:${secret}`).toString("base64")}`;
}

/** Fetches a bearer token for the scopes, as docker does after a 401. */
export async function fetchToken(registry: TestRegistry, email: string, secret: string, scopes: string[]): Promise<string> {
  const query = new URLSearchParams({ service: registry.host });
  for (const scope of scopes) query.append("scope", scope);
  const response = await fetch(`${registry.origin}/v2/token?${query}`, { headers: { Authorization: basicAuth(email, secret) } });
  if (response.status !== 200) throw new Error(`token request failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { token: string }).token;
}

/** A pull/push/delete token for every repository of the tenant named here. */
export function fetchTenantToken(registry: TestRegistry, tenant: TestTenant, repositories: string[]): Promise<string> {
  return fetchToken(
    registry,
    tenant.account.email,
    tenant.account.password,
    repositories.map((name) => `repository:${name}:pull,push,delete`),
  );
}

/** Uploads a blob monolithically (POST, then PUT ?digest=) and returns its digest. */
export async function pushBlob(registry: TestRegistry, token: string, name: string, data: Buffer): Promise<string> {
  const digest = computeDigest(data);
  const start = await fetch(`${registry.origin}/v2/${name}/blobs/uploads/`, { method: "POST", headers: { Authorization: `Bearer ${token}` } });
  if (start.status !== 202) throw new Error(`upload start failed: ${start.status} ${await start.text()}`);
  const location = start.headers.get("location")!;
  const put = await fetch(`${registry.origin}${location}?digest=${digest}`, {
    method: "PUT",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/octet-stream" },
    body: new Uint8Array(data),
  });
  if (put.status !== 201) throw new Error(`upload failed: ${put.status} ${await put.text()}`);
  return digest;
}

/** Pushes a manifest under a reference and returns its digest. */
export async function pushManifest(registry: TestRegistry, token: string, name: string, reference: string, manifest: unknown, mediaType?: string): Promise<string> {
  const body = JSON.stringify(manifest);
  const type = mediaType ?? (manifest as { mediaType?: string }).mediaType ?? "application/vnd.oci.image.manifest.v1+json";
  const response = await fetch(`${registry.origin}/v2/${name}/manifests/${reference}`, {
    method: "PUT",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": type },
    body,
  });
  if (response.status !== 201) throw new Error(`manifest push failed: ${response.status} ${await response.text()}`);
  return response.headers.get("docker-content-digest")!;
}

/** A small image: a config and one layer pushed, and its OCI manifest (not yet pushed). */
export async function pushSmallImage(registry: TestRegistry, token: string, name: string, label = randomBytes(4).toString("hex")) {
  const config = Buffer.from(JSON.stringify({ architecture: "amd64", os: "linux", config: { Cmd: ["/bin/app", label] }, rootfs: { type: "layers", diff_ids: [] } }));
  const layer = randomBytes(2048);
  const configDigest = await pushBlob(registry, token, name, config);
  const layerDigest = await pushBlob(registry, token, name, layer);
  const manifest = {
    schemaVersion: 2,
    mediaType: "application/vnd.oci.image.manifest.v1+json",
    config: { mediaType: "application/vnd.oci.image.config.v1+json", digest: configDigest, size: config.length },
    layers: [{ mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", digest: layerDigest, size: layer.length }],
  };
  return { config, layer, configDigest, layerDigest, manifest };
}

/**
 * One answer as a line of text, for comparing the answers about different repositories:
 * the repository's name and the response's request id (new on every response) become
 * placeholders, so what remains must be identical.
 */
export async function describeAnswer(method: string, path: string, response: Response, name: string): Promise<string> {
  const body = method === "HEAD" ? "" : await response.text();
  const comparable = (text: string) => text.replaceAll(name, "<name>").replaceAll(/"requestId":"[^"]*"/g, '"requestId":"<id>"');
  return `${method} ${comparable(path)} ${response.status} ${comparable(body)}`;
}
