"use client";

import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useRef, useState } from "react";
import {
  applyLookups,
  listRequiredLookups,
  previewRelease,
  type KubernetesSchemas,
  type RegistryImageInfo,
  type ReleaseContext,
  type ReleasePreview,
  type UpstreamTagCheck,
} from "@/lib/releases";
import { releaseKeys } from "./query-keys";
import { useKubernetesSchemas } from "./use-kubernetes-schemas";
import { fetchPreview } from "./releases-api";
import { useDebouncedValue } from "@/components/ui/use-debounced-value";

/** The pure preview waits this long after the last keystroke (the issue allows 150 ms in all). */
export const PREVIEW_DEBOUNCE_MS = 100;
/** Live look-ups wait a little longer, so typing a tag does not send a request per character. */
const LOOKUP_DEBOUNCE_MS = 400;
const LOOKUP_STALE_MS = 15_000;

export interface ReleasePreviewState {
  preview: ReleasePreview;
  /** The text `preview` was computed from (diagnostic offsets refer to it). */
  previewText: string;
  isLookingUp: boolean;
  lookupError: Error | null;
  checkExternal: () => void;
  external: { isPending: boolean; error: Error | null; checkedAt: Date | null; hasExternalImages: boolean };
  /** The Kubernetes validators loaded so far (pass them to applyFix). */
  schemas: KubernetesSchemas;
  /** Set when a kind's schema could not be loaded; the server still checks it on create. */
  schemaError: Error | null;
}

/**
 * The editor's preview: computed in the browser by the pure module as the vendor
 * types, with this application's tags looked up through the API (only when the set
 * of tags changes) and external tags checked upstream on request. Each Kubernetes
 * kind's schema is fetched the first time the text uses it (its own chunk); the
 * preview runs at once without it and again when it arrives.
 */
export function useReleasePreview(slug: string, context: ReleaseContext, text: string): ReleasePreviewState {
  const previewText = useDebouncedValue(text, PREVIEW_DEBOUNCE_MS);
  const { schemas, schemaError } = useKubernetesSchemas(previewText);
  const local = useMemo(() => previewRelease(previewText, context, { schemas }), [previewText, context, schemas]);
  const required = useMemo(() => listRequiredLookups(local), [local]);
  const lookupKeys = useDebouncedValue(required.replicated.map((lookup) => lookup.key).sort().join("\n"), LOOKUP_DEBOUNCE_MS);
  const latestText = useRef(previewText);
  // Declared before the query so the text is current when the query's own effect fetches.
  useEffect(() => {
    latestText.current = previewText;
  }, [previewText]);
  const lookups = useQuery<Record<string, RegistryImageInfo | null>>({
    queryKey: releaseKeys.lookups(slug, lookupKeys),
    queryFn: ({ signal }) => fetchPreview(slug, latestText.current, { signal }).then((response) => response.lookups.replicated ?? {}),
    enabled: lookupKeys !== "",
    staleTime: LOOKUP_STALE_MS,
    placeholderData: keepPreviousData,
    retry: false,
  });
  const [external, setExternal] = useState<Record<string, UpstreamTagCheck>>({});
  const [checkedAt, setCheckedAt] = useState<Date | null>(null);
  const check = useMutation({
    mutationFn: () => fetchPreview(slug, latestText.current, { checkExternal: true }),
    onSuccess: (response) => {
      setExternal((earlier) => ({ ...earlier, ...response.lookups.external }));
      setCheckedAt(new Date());
    },
  });
  const preview = useMemo(
    () => applyLookups(local, { ...(lookups.data ? { replicated: lookups.data } : {}), external }),
    [local, lookups.data, external],
  );
  return {
    preview,
    previewText,
    isLookingUp: lookups.isFetching,
    lookupError: lookups.error,
    checkExternal: () => check.mutate(),
    external: { isPending: check.isPending, error: check.error, checkedAt, hasExternalImages: required.external.length > 0 },
    schemas,
    schemaError,
  };
}

