/**
 * From a proxy request to its upstream: which application the name belongs to, whether
 * the caller may pull this image through it (declared-images.ts), which of the team's
 * external registries serves it (the longest matching namespace wins, as the release
 * preview decides) and with which credentials. Anything not allowed is NAME_UNKNOWN,
 * decided before any upstream request, and reads the same whether or not it exists.
 * Answers are reused for `targetCacheMs` per caller scope and name.
 */
import { normaliseEndpoint } from "@/lib/external/endpoint";
import { openRegistrySecret } from "@/lib/external-registries/registry-secret";
import { RegistryError } from "@/lib/registry/errors";
import type { RegistryContext } from "@/lib/registry/http/context";
import { isImageDeclared, type DeclaredScope } from "@/lib/registry/proxy/declared-images";
import type { RegistryProxy } from "@/lib/registry/proxy/registry-proxy";
import type { UpstreamTarget } from "@/lib/registry/proxy/upstream";
import { findExternalEndpoint, normalizeContext } from "@/lib/releases/classify-image";
import { readProxiedImage } from "@/lib/registry/proxy/proxied-names";
import { formatProxyRepository } from "@/lib/releases/proxy-path";
import type { ReleaseContext } from "@/lib/releases/types";

export interface ProxyTarget {
  appId: string;
  /** The cache's repository name: the proxy path with the upstream name made canonical (`library/redis`). */
  cacheName: string;
  upstream: UpstreamTarget;
}

const MAX_CACHED_TARGETS = 4096;

function notDeclared(name: string): RegistryError {
  return new RegistryError("NAME_UNKNOWN", `${name} is not an image declared in a release available to you`, { name });
}

/** Resolves (or reuses) the target of this request; NAME_UNKNOWN when the caller may not pull it. */
export async function resolveProxyTarget(context: RegistryContext, proxy: RegistryProxy): Promise<ProxyTarget> {
  const caller = context.caller!;
  const key = `${caller.license ? `license:${caller.subject}` : `user:${caller.subject}`}\u0000${context.service}\u0000${context.name}`;
  const now = Date.now();
  let entry = proxy.targets.get(key);
  if (!entry || entry.expiresAt <= now) {
    if (proxy.targets.size >= MAX_CACHED_TARGETS) proxy.targets.delete(proxy.targets.keys().next().value!);
    entry = { expiresAt: now + proxy.targetCacheMs, target: findTarget(context, proxy) };
    proxy.targets.set(key, entry);
    // A failure (the database) is not remembered.
    entry.target.catch(() => proxy.targets.delete(key));
  }
  const target = await entry.target;
  if (!target) throw notDeclared(context.name);
  return target;
}

async function findTarget(context: RegistryContext, proxy: RegistryProxy): Promise<ProxyTarget | null> {
  const db = proxy.prisma;
  const image = readProxiedImage(context.name);
  if (!image) return null;
  const app = await db.app.findUnique({ where: { slug: image.appSlug }, select: { id: true, slug: true, teamId: true } });
  if (!app) return null;
  const scope = await findDeclaredScope(context, app.id);
  if (!scope) return null;
  const registries = await db.externalRegistry.findMany({ where: { teamId: app.teamId } });
  const releaseContext: ReleaseContext = {
    registryHost: context.service,
    appSlug: app.slug,
    externalRegistries: registries.map((registry) => ({ name: registry.name, endpoint: registry.endpoint })),
  };
  const endpoint = findExternalEndpoint(normalizeContext(releaseContext), image.registry, image.repository);
  const registry = endpoint && registries.find((row) => row.name === endpoint.name);
  if (!registry) return null;
  if (!(await isImageDeclared(db, proxy.declared, scope, releaseContext, `${image.registry}/${image.repository}`))) return null;
  return {
    appId: app.id,
    cacheName: formatProxyRepository(app.slug, image.registry, image.repository),
    upstream: {
      registryId: registry.id,
      registryName: registry.name,
      endpoint: normaliseEndpoint(registry.endpoint),
      repository: image.repository,
      credentials: { username: registry.username, password: openRegistrySecret(registry, proxy.secretsKey) },
      credentialsVersion: registry.secretUpdatedAt.toISOString(),
    },
  };
}

/** A license pulls what its channel's releases declare; the vendor's team what any release of the app does. */
async function findDeclaredScope(context: RegistryContext, appId: string): Promise<DeclaredScope | null> {
  const license = context.caller?.license;
  if (!license) return { kind: "app", appId };
  if (license.appId !== appId) return null;
  const customer = await context.options.prisma.customer.findUnique({ where: { id: license.customerId }, select: { channelId: true, appId: true } });
  return customer && customer.appId === appId ? { kind: "channel", channelId: customer.channelId } : null;
}
