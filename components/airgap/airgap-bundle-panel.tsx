"use client";

import { Button, buttonClass } from "@/components/ui/button";
import { Card, ErrorState } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { formatBytes } from "@/lib/images/describe/format";
import { buildBundleDownloadHref } from "./airgap-api";
import { BundleLog } from "./bundle-log";
import { BundleProgress } from "./bundle-progress";
import { BundleStatusBadge } from "./bundle-status-badge";
import type { BundleJson } from "./types";
import { useAirgapBundle } from "./use-airgap-bundle";
import { IfPermitted } from "@/components/auth/permissions";

/** A release's airgap bundle: build it, watch it build (progress, log), see why it failed and retry, or download it with its sha256. */
export function AirgapBundlePanel({ slug, sequence }: { slug: string; sequence: number }) {
  const { query, build } = useAirgapBundle(slug, sequence);
  const bundle = query.data ?? null;
  return (
    <section aria-labelledby="airgap-bundle-heading">
      <Card className="space-y-4 p-5">
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div>
            <h3 id="airgap-bundle-heading" className="flex items-center gap-2 text-sm font-semibold text-slate-900">
              Airgap bundle <BundleStatusBadge bundle={bundle} />
            </h3>
            <p className="mt-1 max-w-2xl text-sm text-slate-600">
              One file with every image of this release&apos;s <code className="font-mono">images:</code> section (all platforms), the manifests rewritten for the customer&apos;s own registry, and a
              bundle.json. Customers entitled to airgap download it with their license.
            </p>
          </div>
          <BundleActions slug={slug} sequence={sequence} bundle={bundle} isLoading={query.isPending} isStarting={build.isPending} onBuild={() => build.mutate()} />
        </div>
        {query.isError ? <ErrorState message={`The bundle's state could not be loaded: ${query.error.message}`} onRetry={() => query.refetch()} /> : null}
        {build.isError ? <ErrorState message={`The build could not be started: ${build.error.message}`} /> : null}
        {bundle?.status === "building" ? <BundleProgress bundle={bundle} /> : null}
        {bundle?.status === "failed" ? <BundleFailure bundle={bundle} /> : null}
        {bundle?.status === "ready" ? <BundleFacts bundle={bundle} /> : null}
        {bundle ? <BundleLog lines={bundle.log} isOpen={bundle.status !== "ready"} /> : null}
      </Card>
    </section>
  );
}

function BundleActions(props: { slug: string; sequence: number; bundle: BundleJson | null; isLoading: boolean; isStarting: boolean; onBuild: () => void }) {
  const { bundle } = props;
  if (props.isLoading) return null;
  if (bundle?.status === "ready") {
    return (
      <a href={buildBundleDownloadHref(props.slug, props.sequence)} download className={buttonClass("primary")}>
        Download bundle
      </a>
    );
  }
  if (bundle?.status === "building") return null;
  return (
    <IfPermitted permission="releases:write">
      <Button onClick={props.onBuild} disabled={props.isStarting}>
        {props.isStarting ? "Starting…" : bundle?.status === "failed" ? "Retry build" : "Build airgap bundle"}
      </Button>
    </IfPermitted>
  );
}

function BundleFailure({ bundle }: { bundle: BundleJson }) {
  return (
    <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
      <p className="font-semibold">{bundle.failedImage ? <>The build failed on {bundle.failedImage}</> : "The build failed"}</p>
      <p className="mt-1 break-words">{bundle.failedImage && bundle.error?.startsWith(`${bundle.failedImage}: `) ? bundle.error.slice(bundle.failedImage.length + 2) : bundle.error}</p>
      <p className="mt-1 text-red-700">No partial bundle was kept. Fix the cause (push the tag, correct the registry&apos;s credentials) and retry.</p>
    </div>
  );
}

/** Size and sha256 of a ready bundle. */
export function BundleFacts({ bundle }: { bundle: BundleJson }) {
  return (
    <dl className="grid grid-cols-[auto_1fr] items-center gap-x-6 gap-y-2 text-sm">
      <dt className="text-slate-500">Size</dt>
      <dd className="text-slate-900">
        {formatBytes(bundle.size ?? 0)} ({(bundle.size ?? 0).toLocaleString("en-US")} bytes) · {bundle.imagesTotal} image{bundle.imagesTotal === 1 ? "" : "s"}
      </dd>
      <dt className="text-slate-500">SHA-256</dt>
      <dd className="flex min-w-0 items-center gap-2">
        <code className="min-w-0 break-all font-mono text-xs text-slate-900" data-testid="bundle-sha256">
          {bundle.sha256}
        </code>
        <CopyButton value={bundle.sha256 ?? ""} label="Copy SHA-256" />
      </dd>
    </dl>
  );
}
