/**
 * Test support for the pull-through proxy: the registry handler on loopback with a proxy
 * (loopback allowed, a tag TTL of 1 s, counters written on flush), a vendor account with
 * an application, its external registries registered through the real service, and a
 * release declaring upstream images promoted to a channel with a customer on it.
 */
import { randomBytes } from "node:crypto";
import type { Principal } from "@/lib/auth/principal";
import { parseAllowList } from "@/lib/external/address-guard";
import { registryInputSchema } from "@/lib/external/registry-input";
import { createRegistry } from "@/lib/external-registries/create-registry";
import { createCustomer } from "@/lib/customers/customers";
import { promoteRelease } from "@/lib/customers/promotions";
import { createAccountWithApp, type AccountWithApp } from "@/lib/images/test-support/account-with-app";
import { createRelease } from "@/lib/release-store/create-release";
import type { RegistryHandlerOptions, RegistryLogger } from "@/lib/registry/http/context";
import { startTestRegistry, type TestRegistry } from "@/lib/registry/http/test-registry";
import { createRegistryProxy, type RegistryProxy, type RegistryProxyOptions } from "@/lib/registry/proxy/registry-proxy";
import { formatProxyRepository } from "@/lib/releases/proxy-path";
import { container, deployment } from "@/lib/releases/test-fixtures";
import { testPrisma } from "@/lib/test/database";

export interface ProxyTestbed {
  registry: TestRegistry;
  proxy: RegistryProxy;
  vendor: AccountWithApp;
  secretsKey: Buffer;
  /** Every line the handler and the proxy logged, at any level ("error …", "warn …", "info …"). */
  logLines: string[];
  close: () => Promise<void>;
}

/** Starts the registry with a proxy; `overrides` tune the proxy (timeouts, TTL). */
export async function startProxyTestbed(label: string, overrides: Partial<RegistryProxyOptions> = {}, handler: Partial<RegistryHandlerOptions> = {}): Promise<ProxyTestbed> {
  const secretsKey = randomBytes(32);
  const logLines: string[] = [];
  const record = (level: string) => (message: string, fields?: Record<string, unknown>) => logLines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
  const logger: RegistryLogger = { info: record("info"), warn: record("warn"), error: record("error") };
  const proxy = createRegistryProxy({
    prisma: testPrisma(),
    secretsKey,
    allow: parseAllowList("127.0.0.1"),
    tagTtlSeconds: 1,
    statsFlushIntervalMs: 0,
    logger,
    ...overrides,
  });
  const registry = await startTestRegistry({ proxy, logger, ...handler });
  process.env.REGISTRY_HOST = registry.host;
  const vendor = await createAccountWithApp(label);
  return {
    registry,
    proxy,
    vendor,
    secretsKey,
    logLines,
    close: async () => {
      await proxy.close();
      await registry.close();
    },
  };
}

/** Registers an external registry for the vendor's team with its secret sealed. */
export async function registerUpstream(testbed: ProxyTestbed, name: string, endpoint: string, username: string, password: string): Promise<void> {
  const input = registryInputSchema.parse({ name, endpoint, username, password });
  await createRegistry(testbed.vendor.principal, input, { secretsKey: testbed.secretsKey });
}

export interface DeclaredImage {
  /** The external registry's name, as `source:` in `images:`. */
  source: string;
  /** `host:port` of the upstream. */
  endpoint: string;
  name: string;
  tag: string;
}

/** A release whose `images:` declares the images and whose Deployment runs them. */
export function renderRelease(images: DeclaredImage[]): string {
  const entries = images.map((image) => `  - {source: ${image.source}, name: ${image.name}, tag: "${image.tag}"}`).join("\n");
  const containers = images.map((image, index) => container(`c${index}`, `${image.endpoint}/${image.name}:${image.tag}`)).join("");
  return `images:\n${entries}\n---\n${deployment("app", containers)}`;
}

/** Creates a release declaring the images and promotes it to `channel`; returns its sequence. */
export async function releaseImages(principal: Pick<Principal, "teamId" | "userId">, slug: string, images: DeclaredImage[], channel: string): Promise<number> {
  const { release } = await createRelease(principal, slug, { yaml: renderRelease(images), notes: "" });
  await promoteRelease(principal, slug, release.sequence, { channel, version: `v${release.sequence}-${randomBytes(3).toString("hex")}`, notes: "" });
  return release.sequence;
}

/** A customer on `channel` of the vendor's app; returns the license ID. */
export async function createLicense(testbed: ProxyTestbed, channel: string): Promise<string> {
  const customer = await createCustomer(testbed.vendor.principal, testbed.vendor.app.slug, { name: `Customer ${randomBytes(3).toString("hex")}`, channel, type: "paid", airgap: false });
  return customer.licenseId;
}

/** `proxy/<slug>/<host_port>/<repository>` for an upstream image of the vendor's app. */
export function proxyName(testbed: ProxyTestbed, endpoint: string, repository: string): string {
  return formatProxyRepository(testbed.vendor.app.slug, endpoint, repository);
}
