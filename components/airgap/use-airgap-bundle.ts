"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { airgapApi, BUILD_POLL_INTERVAL_MS } from "./airgap-api";
import { airgapKeys } from "./query-keys";

/** A release's bundle, polled every second while it builds, and the mutation that starts (or retries) a build. */
export function useAirgapBundle(slug: string, sequence: number | null) {
  const queryClient = useQueryClient();
  const key = airgapKeys.bundle(slug, sequence ?? 0);
  const query = useQuery({
    queryKey: key,
    queryFn: () => airgapApi.get(slug, sequence!),
    enabled: sequence !== null,
    refetchInterval: (current) => (current.state.data?.status === "building" ? BUILD_POLL_INTERVAL_MS : false),
  });
  const build = useMutation({
    mutationFn: () => airgapApi.build(slug, sequence!),
    onSuccess: (bundle) => queryClient.setQueryData(key, bundle),
  });
  return { query, build };
}
