/**
 * Which external images a caller may pull through the proxy: those declared in the
 * `images:` section of a release promoted (and not demoted) to the license's channel,
 * or, for the vendor's own team, of any release of the application. An image is its
 * upstream `registry/repository` (any tag or digest of it); everything else stays shut,
 * so the proxy is never a door to the vendor's whole upstream account.
 *
 * The set comes from the pure release preview (its airgap list, origin "external").
 * Releases never change, so each release's set is parsed once per process and kept
 * under its id together with the registries it was classified against; a request then
 * costs one small query for the release ids in scope.
 */
import type { PrismaClient } from "@/lib/db/client";
import { parseImageReference } from "@/lib/releases/parse-image-reference";
import { previewRelease } from "@/lib/releases/preview-release";
import type { ReleaseContext } from "@/lib/releases/types";

export type DeclaredScope = { kind: "channel"; channelId: string } | { kind: "app"; appId: string };

const MAX_CACHED_RELEASES = 512;

/** Per-release declared sets, keyed by release id and the classification context. */
export class DeclaredImagesCache {
  private readonly entries = new Map<string, ReadonlySet<string>>();

  get(key: string): ReadonlySet<string> | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: ReadonlySet<string>): void {
    if (this.entries.size >= MAX_CACHED_RELEASES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, value);
  }
}

/** `registry/repository` of every external image a release's `images:` section declares. */
export function readDeclaredImages(yaml: string, context: ReleaseContext): Set<string> {
  const declared = new Set<string>();
  for (const entry of previewRelease(yaml, context).airgap) {
    if (entry.origin !== "external") continue;
    const parsed = parseImageReference(entry.reference);
    if (parsed.ok) declared.add(`${parsed.reference.registry}/${parsed.reference.repository}`);
  }
  return declared;
}

function contextKey(context: ReleaseContext): string {
  const registries = context.externalRegistries.map((registry) => `${registry.name}=${registry.endpoint}`).sort();
  return [context.registryHost, context.appSlug, ...registries].join("\u0000");
}

async function listReleaseIds(db: PrismaClient, scope: DeclaredScope): Promise<string[]> {
  if (scope.kind === "app") return (await db.release.findMany({ where: { appId: scope.appId }, select: { id: true } })).map((row) => row.id);
  const promotions = await db.promotion.findMany({ where: { channelId: scope.channelId, demotedAt: null }, select: { releaseId: true } });
  return [...new Set(promotions.map((row) => row.releaseId))];
}

/** Whether `image` (`registry/repository`) is declared by a release in scope. */
export async function isImageDeclared(db: PrismaClient, cache: DeclaredImagesCache, scope: DeclaredScope, context: ReleaseContext, image: string): Promise<boolean> {
  const ids = await listReleaseIds(db, scope);
  const suffix = contextKey(context);
  const missing: string[] = [];
  for (const id of ids) {
    const known = cache.get(`${id}\u0000${suffix}`);
    if (known?.has(image)) return true;
    if (!known) missing.push(id);
  }
  if (missing.length === 0) return false;
  const releases = await db.release.findMany({ where: { id: { in: missing } }, select: { id: true, yaml: true } });
  let isDeclared = false;
  for (const release of releases) {
    const declared = readDeclaredImages(release.yaml, context);
    cache.set(`${release.id}\u0000${suffix}`, declared);
    isDeclared ||= declared.has(image);
  }
  return isDeclared;
}
