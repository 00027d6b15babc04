/**
 * The server's release preview: the pure preview for the application's context (with
 * the Kubernetes schemas of the release's kinds) with the live look-ups of its own
 * images merged in, and external tags when asked. The pure preview runs in the
 * process's worker pool (./preview-pool.ts), never on the request's thread.
 */
import type { Principal } from "@/lib/auth/principal";
import { applyLookups, listRequiredLookups, type ReleaseLookups } from "@/lib/releases";
import { getPreviewContext, type AppPreviewContext } from "./get-preview-context";
import { lookupExternalTags, type ExternalLookupOptions } from "./lookup-external-tags";
import { lookupReplicatedImages } from "./lookup-replicated-images";
import { getPreviewPool } from "./preview-pool";
import type { PreviewResponse } from "./types";

export interface PreviewOptions {
  /** Check external images upstream with the stored credentials (slow; on request only). */
  checkExternal?: boolean;
  external?: ExternalLookupOptions;
  /** Whose preview this is: at most a few run at once per owner (see preview-pool.ts); none for the server's own. */
  owner?: string;
}

/** Previews `yamlText` for the principal's application `slug` (404 for another team's), counted against the principal's concurrent previews. */
export async function previewReleaseForApp(
  principal: Pick<Principal, "teamId" | "userId" | "serviceAccountId">,
  slug: string,
  yamlText: string,
  options: PreviewOptions = {},
): Promise<PreviewResponse> {
  const owner = principal.serviceAccountId ?? principal.userId;
  return buildPreviewWithLookups(await getPreviewContext(principal, slug), yamlText, { owner, ...options });
}

/** The preview for an already-loaded app context (computed in a worker thread), with look-ups applied and returned alongside. */
export async function buildPreviewWithLookups(target: AppPreviewContext, yamlText: string, options: PreviewOptions = {}): Promise<PreviewResponse> {
  const preview = await getPreviewPool().preview(options.owner ?? null, yamlText, target.context);
  const required = listRequiredLookups(preview);
  const [replicated, external] = await Promise.all([
    lookupReplicatedImages(target.app.id, required.replicated),
    options.checkExternal ? lookupExternalTags(target.app.teamId, required.external, options.external) : Promise.resolve(undefined),
  ]);
  const lookups: ReleaseLookups = external ? { replicated, external } : { replicated };
  return { ...applyLookups(preview, lookups), lookups };
}
