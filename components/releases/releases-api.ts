/** The browser's calls to /api/v1/apps/{slug}/releases. */
import { apiFetch } from "@/components/ui/api-client";
import type { RELEASE_ROUTES } from "@/lib/api/openapi/releases";
import type { BodyInputOf, ResponseOf } from "@/lib/api/openapi/contract";
import type { CreatedReleaseJson, ReleaseComparisonJson, ReleaseDetailJson, ReleaseDraftJson, ReleasePageJson } from "./types";

const base = (slug: string) => `/apps/${encodeURIComponent(slug)}/releases`;

export function fetchReleasePage(slug: string, before: number | null, limit = 25): Promise<ReleasePageJson> {
  const params = new URLSearchParams({ limit: String(limit) });
  if (before !== null) params.set("before", String(before));
  return apiFetch<ReleasePageJson>(`${base(slug)}?${params}`);
}

export function fetchRelease(slug: string, sequence: number): Promise<ReleaseDetailJson> {
  return apiFetch<{ release: ReleaseDetailJson }>(`${base(slug)}/${sequence}`).then((body) => body.release);
}

export function fetchComparison(slug: string, from: number, to: number): Promise<ReleaseComparisonJson> {
  return apiFetch<ReleaseComparisonJson>(`${base(slug)}/compare?from=${from}&to=${to}`);
}

/** The server's preview of `yaml` (with this app's tags looked up; upstream tags too when asked). */
export function fetchPreview(slug: string, yaml: string, options: { checkExternal?: boolean; signal?: AbortSignal } = {}): Promise<ResponseOf<typeof RELEASE_ROUTES.preview>> {
  return apiFetch<ResponseOf<typeof RELEASE_ROUTES.preview>>(`${base(slug)}/preview${options.checkExternal ? "?checkExternal=1" : ""}`, {
    method: "POST",
    headers: { "content-type": "application/yaml" },
    body: yaml,
    signal: options.signal,
  });
}

export function saveDraft(slug: string, draft: BodyInputOf<typeof RELEASE_ROUTES.saveDraft>, options: { keepalive?: boolean } = {}): Promise<{ draft: ReleaseDraftJson }> {
  return apiFetch(`${base(slug)}/draft`, { method: "PUT", json: draft, keepalive: options.keepalive });
}

export function createRelease(slug: string, input: BodyInputOf<typeof RELEASE_ROUTES.create>): Promise<CreatedReleaseJson> {
  return apiFetch<CreatedReleaseJson>(base(slug), { method: "POST", json: input });
}
