/**
 * Manifests (spec "Pulling manifests", "Pushing Manifests", "Deleting tags / Manifests"):
 * Docker schema 2 manifests and lists, OCI manifests and indexes, artifacts and subjects.
 * Validation and storage live in services/manifest-service.ts; this file speaks HTTP.
 */
import { readClientAddress } from "@/lib/registry/http/client-address";
import { RegistryError } from "@/lib/registry/errors";
import type { RegistryChangeEvent, RegistryContext } from "@/lib/registry/http/context";
import { recordLicensePull } from "@/lib/registry/http/pull-events";
import { manifestPath, readSmallBody, sendEmpty } from "@/lib/registry/http/respond";
import { isAcceptable } from "@/lib/registry/manifests/media-types";
import { MAX_MANIFEST_BYTES } from "@/lib/registry/manifests/parse-manifest";
import { parsePushReference } from "@/lib/registry/manifests/prepare-manifest";
import { deleteManifestReference, pushManifest, readManifestCachedOrThrow } from "@/lib/registry/services/manifest-service";

// GET|HEAD /v2/<name>/manifests/<reference>: the manifest exactly as pushed, if the client accepts its type.
export async function getManifest(context: RegistryContext): Promise<void> {
  const manifest = await readManifestCachedOrThrow(context.options, context.name, context.match.reference!);
  if (!isAcceptable(context.req.headers.accept, manifest.mediaType)) {
    throw new RegistryError("MANIFEST_UNKNOWN", `the manifest is a ${manifest.mediaType}, which the request's Accept header excludes`, {
      mediaType: manifest.mediaType,
    });
  }
  context.res.writeHead(200, {
    "Content-Type": manifest.mediaType,
    "Content-Length": manifest.size,
    "Docker-Content-Digest": manifest.digest,
    ETag: `"${manifest.digest}"`,
  });
  context.res.end(context.req.method === "HEAD" ? undefined : manifest.content);
  recordLicensePull(context, manifest.digest);
}

// PUT /v2/<name>/manifests/<reference>: validates, checks references, stores and tags (201).
export async function putManifest(context: RegistryContext): Promise<void> {
  const reference = parsePushReference(context.match.reference!);
  const tooLarge = () => new RegistryError("MANIFEST_INVALID", `manifests are limited to ${MAX_MANIFEST_BYTES} bytes`, undefined, { status: 413 });
  const body = await readSmallBody(context.req, MAX_MANIFEST_BYTES, tooLarge);
  const { digest, subjectDigest } = await pushManifest(context.options, {
    repositoryName: context.name,
    reference,
    body,
    contentType: context.req.headers["content-type"],
    pushedBy: context.caller?.principal ?? "unknown",
  });
  // Seen at once by this instance's manifest cache; other instances hear it through the change feed.
  context.options.changeFeed?.announce("manifests");
  const headers: Record<string, string> = { Location: manifestPath(context.name, digest), "Docker-Content-Digest": digest };
  if (subjectDigest) headers["OCI-Subject"] = subjectDigest;
  await recordChange(context, { action: "image.pushed", reference: context.match.reference!, digest });
  sendEmpty(context.res, 201, headers);
}

// DELETE /v2/<name>/manifests/<reference>: a tag removes the tag; a digest removes the manifest and its tags (202).
export async function deleteManifest(context: RegistryContext): Promise<void> {
  await deleteManifestReference(context.options, context.name, context.match.reference!);
  context.options.changeFeed?.announce("manifests");
  const reference = context.match.reference!;
  await recordChange(context, { action: reference.includes(":") ? "manifest.deleted" : "tag.deleted", reference });
  sendEmpty(context.res, 202);
}

/** Hands a push or delete to the audit log (options.recordChange), before the client hears it succeeded. */
async function recordChange(context: RegistryContext, change: Pick<RegistryChangeEvent, "action" | "reference" | "digest">): Promise<void> {
  if (!context.options.recordChange || !context.caller) return;
  await context.options.recordChange({
    ...change,
    repository: context.name,
    subject: context.caller.subject,
    principal: context.caller.principal,
    clientAddress: readClientAddress(context.req),
    requestId: context.requestId,
  });
}
