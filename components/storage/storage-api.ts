/** The browser's calls to /api/v1/apps/{slug}/gc, typed by the routes' contracts. */
import { apiFetch } from "@/components/ui/api-client";
import type { BodyInputOf, ResponseOf } from "@/lib/api/openapi/contract";
import type { STORAGE_ROUTES } from "@/lib/api/openapi/storage";

export type AppStorageJson = ResponseOf<typeof STORAGE_ROUTES.get>;
export type GcResultJson = ResponseOf<typeof STORAGE_ROUTES.run>["gc"];

const gcPath = (slug: string) => `/apps/${encodeURIComponent(slug)}/gc`;

export function fetchAppStorage(slug: string): Promise<AppStorageJson> {
  return apiFetch<AppStorageJson>(gcPath(slug));
}

/** Runs a collection now, or with `dryRun` only reports what it would delete. */
export function runGarbageCollection(slug: string, dryRun: boolean): Promise<GcResultJson> {
  return apiFetch<ResponseOf<typeof STORAGE_ROUTES.run>>(gcPath(slug), { method: "POST", json: { dryRun } satisfies BodyInputOf<typeof STORAGE_ROUTES.run> }).then((body) => body.gc);
}

export function savePruneUntagged(slug: string, pruneUntagged: boolean): Promise<{ pruneUntagged: boolean }> {
  return apiFetch<ResponseOf<typeof STORAGE_ROUTES.setPolicy>>(`${gcPath(slug)}/policy`, { method: "PUT", json: { pruneUntagged } satisfies BodyInputOf<typeof STORAGE_ROUTES.setPolicy> }).then(
    (body) => body.policy,
  );
}
