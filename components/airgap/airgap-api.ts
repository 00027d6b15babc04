/** The browser's calls to /api/v1/apps/{slug}/releases/{sequence}/airgap. */
import { apiFetch } from "@/components/ui/api-client";
import type { BundleJson } from "./types";

const bundlePath = (slug: string, sequence: number) => `/apps/${encodeURIComponent(slug)}/releases/${sequence}/airgap`;

export const airgapApi = {
  get: (slug: string, sequence: number) => apiFetch<{ bundle: BundleJson | null }>(bundlePath(slug, sequence)).then((body) => body.bundle),
  build: (slug: string, sequence: number) => apiFetch<{ bundle: BundleJson }>(bundlePath(slug, sequence), { method: "POST" }).then((body) => body.bundle),
};

/** The vendor's download link (a plain link, so the browser streams the file to disk). */
export function buildBundleDownloadHref(slug: string, sequence: number): string {
  return `/api/v1${bundlePath(slug, sequence)}/bundle`;
}

/** How often a bundle being built is polled. */
export const BUILD_POLL_INTERVAL_MS = 1000;
