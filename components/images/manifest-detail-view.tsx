"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { PulledByCustomers } from "@/components/customers/pulled-by-customers";
import { Button } from "@/components/ui/button";
import { Card, ErrorState } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { formatBytes } from "@/lib/images/describe/format";
import { formatPushedBy } from "@/lib/images/format-pushed-by";
import { buildImagesPageHref } from "@/lib/images/image-paths";
import type { ManifestDetail } from "@/lib/images/types";
import { isDigest } from "@/lib/registry/names";
import { ConfigSummaryCard, IndexChildrenTable, LayersTable, ReferrersTable } from "./manifest-sections";
import { KindBadge, PlatformList, RelativeTime } from "./image-bits";
import { fetchManifest, POLL_INTERVAL_MS } from "./images-api";
import { ManifestDeleteDialog, type DeleteTarget } from "./manifest-delete-dialog";
import { imageKeys } from "./query-keys";
import { IfPermitted } from "@/components/auth/permissions";

/** One tag or digest: pull commands, facts, config, layers, index children, referrers, and delete. */
export function ManifestDetailView({ slug, repo, reference, initial }: { slug: string; repo: string; reference: string; initial: ManifestDetail }) {
  const router = useRouter();
  const [toDelete, setToDelete] = useState<DeleteTarget | null>(null);
  const detail = useQuery({
    queryKey: imageKeys.manifest(slug, repo, reference),
    queryFn: () => fetchManifest(slug, repo, reference),
    initialData: initial,
    refetchInterval: POLL_INTERVAL_MS * 2,
  });
  if (detail.isError && !detail.data) return <ErrorState message={detail.error.message} onRetry={() => detail.refetch()} />;
  const manifest = detail.data;
  const isTag = !isDigest(reference);

  return (
    <div className="space-y-6">
      {detail.isError ? <ErrorState message={`Could not refresh: ${detail.error.message}`} onRetry={() => detail.refetch()} /> : null}
      <div className="flex flex-wrap items-center gap-3">
        <h2 className="break-all font-mono text-xl font-semibold text-slate-900">{isTag ? `${repo}:${reference}` : `${repo}@${reference}`}</h2>
        <KindBadge kind={manifest.kind} label={manifest.label} />
        <PlatformList platforms={manifest.platforms} />
      </div>
      <PullCommands pull={manifest.pull} />
      <ManifestFacts slug={slug} repo={repo} manifest={manifest} />
      {manifest.configSummary ? <ConfigSummaryCard summary={manifest.configSummary} /> : null}
      {manifest.layers.length > 0 || manifest.config ? <LayersTable config={manifest.config} layers={manifest.layers} /> : null}
      {manifest.children.length > 0 ? <IndexChildrenTable slug={slug} repo={repo} items={manifest.children} /> : null}
      <ReferrersTable slug={slug} repo={repo} referrers={manifest.referrers} />
      <PulledByCustomers slug={slug} digest={manifest.digest} />
      <IfPermitted permission="registry:delete">
        <Card className="flex flex-wrap items-center justify-between gap-3 border-red-200 p-5">
          <p className="text-sm text-slate-600">
            {isTag ? "Deleting the tag keeps the manifest pullable by digest; deleting the manifest removes it and all its tags." : "Deleting the manifest removes it and all its tags."}
          </p>
          <div className="flex gap-2">
            {isTag ? (
              <Button variant="secondary" onClick={() => setToDelete({ repo, reference, digest: manifest.digest })}>
                Delete tag
              </Button>
            ) : null}
            <Button variant="danger" onClick={() => setToDelete({ repo, reference: manifest.digest, digest: manifest.digest, tags: manifest.tags })}>
              Delete manifest
            </Button>
          </div>
        </Card>
      </IfPermitted>
      <ManifestDeleteDialog slug={slug} target={toDelete} onClose={() => setToDelete(null)} onDeleted={() => router.push(buildImagesPageHref(slug, repo))} />
    </div>
  );
}

function PullCommands({ pull }: { pull: ManifestDetail["pull"] }) {
  const commands = [
    { label: "Pull by digest (immutable)", command: `docker pull ${pull.byDigest}` },
    ...(pull.byTag ? [{ label: "Pull by tag", command: `docker pull ${pull.byTag}` }] : []),
  ];
  return (
    <Card className="space-y-3 p-5">
      {commands.map((entry) => (
        <div key={entry.label}>
          <p className="text-sm font-medium text-slate-800">{entry.label}</p>
          <div className="mt-1 flex items-start gap-2 rounded-md bg-slate-900 px-3 py-2">
            <code className="flex-1 break-all font-mono text-sm text-slate-100">{entry.command}</code>
            <CopyButton value={entry.command} label="Copy" />
          </div>
        </div>
      ))}
    </Card>
  );
}

function ManifestFacts({ slug, repo, manifest }: { slug: string; repo: string; manifest: ManifestDetail }) {
  return (
    <Card className="p-5">
      <dl className="grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-[auto_1fr]">
        <dt className="text-slate-500">Digest</dt>
        <dd className="flex flex-wrap items-center gap-2">
          <code className="break-all font-mono text-slate-900" data-testid="manifest-digest">
            {manifest.digest}
          </code>
          <CopyButton value={manifest.digest} label="Copy digest" />
        </dd>
        <dt className="text-slate-500">Media type</dt>
        <dd className="break-all font-mono text-xs text-slate-700">{manifest.mediaType}</dd>
        <dt className="text-slate-500">Size</dt>
        <dd title={`${manifest.size} bytes`} data-testid="manifest-size">
          {formatBytes(manifest.size)} compressed <span className="text-slate-500">(manifest {formatBytes(manifest.manifestSize)})</span>
        </dd>
        <dt className="text-slate-500">Pushed</dt>
        <dd>
          <RelativeTime iso={manifest.pushedAt} /> by {formatPushedBy(manifest.pushedBy)}
        </dd>
        <dt className="text-slate-500">Tags</dt>
        <dd className="flex flex-wrap gap-2">
          {manifest.tags.length === 0 ? <span className="text-slate-400">none (pull by digest)</span> : null}
          {manifest.tags.map((tag) => (
            <Link key={tag} href={buildImagesPageHref(slug, repo, tag)} className="font-mono text-brand-700 hover:underline">
              {tag}
            </Link>
          ))}
        </dd>
        {manifest.subject ? (
          <>
            <dt className="text-slate-500">Attached to</dt>
            <dd>
              <Link href={buildImagesPageHref(slug, repo, manifest.subject)} className="break-all font-mono text-brand-700 hover:underline">
                {manifest.subject}
              </Link>
            </dd>
          </>
        ) : null}
      </dl>
    </Card>
  );
}
