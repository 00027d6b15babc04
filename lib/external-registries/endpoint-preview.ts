/**
 * The endpoint as the registry form previews it while the vendor types: the stored
 * form, the recognised provider with its credential hint, and what was changed.
 * Pure and browser-safe: it runs the same normaliser the server stores with.
 */
import { isAppError } from "@/lib/errors";
import { describeRegistryKind, normaliseEndpoint, type RegistryKind } from "@/lib/external/endpoint";

export type EndpointPreview =
  | { ok: true; endpoint: string; kind: RegistryKind; kindLabel: string; credentialHint: string; notes: string[]; isRewritten: boolean }
  | { ok: false; issue: string };

/** The preview for what is typed so far, or null while the field is blank. */
export function previewEndpoint(typed: string): EndpointPreview | null {
  if (typed.trim() === "") return null;
  try {
    const normalised = normaliseEndpoint(typed);
    const { label, credentialHint } = describeRegistryKind(normalised.kind);
    return {
      ok: true,
      endpoint: normalised.endpoint,
      kind: normalised.kind,
      kindLabel: label,
      credentialHint,
      notes: normalised.notes,
      isRewritten: normalised.endpoint !== typed.trim(),
    };
  } catch (error) {
    if (!isAppError(error)) throw error;
    return { ok: false, issue: error.details?.[0]?.issue ?? error.message };
  }
}
