/**
 * A bundle build fails for one image: this error names it, so the portal can say which
 * image failed and why (unknown tag, upstream refused, digest mismatch) next to a retry.
 */
import { isUpstreamError } from "@/lib/external/upstream-error";
import { isRegistryError } from "@/lib/registry/errors";

export type AirgapFailureKind = "unknown_image" | "unknown_tag" | "missing_blob" | "digest_mismatch" | "upstream_refused" | "upstream_failed" | "unsupported";

export class AirgapImageError extends Error {
  constructor(
    /** The image as the release's `images:` names it. */
    readonly image: string,
    readonly kind: AirgapFailureKind,
    readonly detail: string,
  ) {
    super(`${image}: ${detail}`);
    this.name = "AirgapImageError";
  }
}

/** Any failure while bundling `image`, as an AirgapImageError naming it (upstream words kept, already redacted). */
export function toAirgapImageError(image: string, error: unknown): AirgapImageError {
  if (error instanceof AirgapImageError) return error;
  if (isUpstreamError(error)) {
    const kind = error.reason === "not_found" ? "unknown_tag" : error.reason === "unauthorized" || error.reason === "forbidden" ? "upstream_refused" : "upstream_failed";
    return new AirgapImageError(image, kind, error.message);
  }
  if (isRegistryError(error)) {
    const kind = error.code === "DIGEST_INVALID" || error.code === "SIZE_INVALID" ? "digest_mismatch" : "upstream_failed";
    return new AirgapImageError(image, kind, error.message);
  }
  return new AirgapImageError(image, "upstream_failed", error instanceof Error ? error.message : String(error));
}
