"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRef, useState } from "react";
import { AirgapBundlePanel } from "@/components/airgap/airgap-bundle-panel";
import { buildChannelHref } from "@/components/channels/channels-api";
import type { PromotionJson } from "@/components/channels/types";
import { Breadcrumb } from "@/components/ui/breadcrumb";
import { Button, buttonClass } from "@/components/ui/button";
import { Card, ErrorState, Notice } from "@/components/ui/card";
import { AirgapList } from "./airgap-list";
import { DiagnosticsList } from "./diagnostics-list";
import { ImagesTable } from "./images-table";
import { PreviewTabs } from "./preview-tabs";
import { ReleasePromoteDialog } from "./release-promote-dialog";
import { releaseKeys } from "./query-keys";
import { describeChangedTag, Timestamp } from "./release-bits";
import { fetchRelease } from "./releases-api";
import { RewrittenPanel } from "./rewritten-panel";
import type { ReleaseDetailJson } from "./types";
import { YamlEditor, type YamlEditorHandle } from "./yaml-editor";
import { IfPermitted } from "@/components/auth/permissions";

/** One release, read-only: its YAML with diagnostics, its preview with today's look-ups, and any tag pushed again since. */
export function ReleaseView({ slug, initial }: { slug: string; initial: ReleaseDetailJson }) {
  const editor = useRef<YamlEditorHandle>(null);
  const [isPromoting, setIsPromoting] = useState(false);
  const [promoted, setPromoted] = useState<PromotionJson | null>(null);
  const query = useQuery({ queryKey: releaseKeys.detail(slug, initial.sequence), queryFn: () => fetchRelease(slug, initial.sequence), initialData: initial });
  const release = query.data;
  const { preview } = release;
  const base = `/apps/${slug}/releases`;

  return (
    <div className="space-y-4">
      <Breadcrumb label="Releases" parents={[{ href: base, label: "Releases" }]} current={`Release ${release.sequence}`} />
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 className="text-lg font-semibold text-slate-900">Release {release.sequence}</h2>
          <p className="text-sm text-slate-600">
            Created by <span title={release.createdBy.email}>{release.createdBy.name}</span> <Timestamp iso={release.createdAt} /> · {release.imageCount} image
            {release.imageCount === 1 ? "" : "s"}
            {release.sources.length ? ` · external sources: ${release.sources.join(", ")}` : ""}
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          <IfPermitted permission="releases:write">
            <Button variant="secondary" onClick={() => setIsPromoting(true)}>
              Promote
            </Button>
          </IfPermitted>
          {release.sequence > 1 ? (
            <Link href={`${base}/compare?from=${release.sequence - 1}&to=${release.sequence}`} className={buttonClass("secondary")}>
              Diff with release {release.sequence - 1}
            </Link>
          ) : null}
          <IfPermitted permission="releases:write">
            <Link href={`${base}/new`} className={buttonClass("primary")}>
              New release
            </Link>
          </IfPermitted>
        </div>
      </div>

      <Notice>
        {promoted ? (
          <>
            Promoted release {promoted.releaseSequence} to {promoted.channel} as <span className="font-mono font-semibold">{promoted.version}</span>.{" "}
            <Link href={buildChannelHref(slug, promoted.channel)} className="font-medium underline">
              View the {promoted.channel} channel
            </Link>
          </>
        ) : null}
      </Notice>
      {isPromoting ? (
        <ReleasePromoteDialog
          slug={slug}
          sequence={release.sequence}
          initialNotes={release.notes}
          errorCount={preview.diagnostics.filter((diagnostic) => diagnostic.severity === "error").length}
          onClose={() => setIsPromoting(false)}
          onPromoted={(promotion) => {
            setIsPromoting(false);
            setPromoted(promotion);
          }}
        />
      ) : null}
      {query.isError ? <ErrorState message={`Could not refresh this release: ${query.error.message}`} onRetry={() => query.refetch()} /> : null}
      {release.changedTags.length > 0 ? (
        <div role="status" className="rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-950">
          <p className="font-semibold">Tags this release uses have changed since it was created</p>
          <ul className="mt-1 list-disc space-y-0.5 pl-5">
            {release.changedTags.map((tag) => (
              <li key={tag.image}>{describeChangedTag(tag)}</li>
            ))}
          </ul>
          <p className="mt-1 text-amber-900">Customers installing this release now get the current images. Push a new tag and create a new release to ship a change deliberately.</p>
        </div>
      ) : null}

      <Card className="p-4">
        <h3 className="text-sm font-semibold text-slate-900">Release notes</h3>
        {release.notes ? <p className="mt-1 whitespace-pre-wrap text-sm text-slate-700">{release.notes}</p> : <p className="mt-1 text-sm text-slate-400">No notes.</p>}
      </Card>

      <AirgapBundlePanel slug={slug} sequence={release.sequence} />

      <div className="grid gap-4 lg:grid-cols-[minmax(0,7fr)_minmax(0,4fr)]">
        <Card className="flex h-[30rem] flex-col overflow-hidden">
          <div className="border-b border-slate-100 px-4 py-2 font-mono text-xs text-slate-600">release-{release.sequence}.yaml · read-only</div>
          <YamlEditor ref={editor} initialText={release.yaml} diagnostics={preview.diagnostics} diagnosticsText={release.yaml} readOnly label={`Release ${release.sequence} YAML (read-only)`} className="min-h-0 flex-1" />
        </Card>
        <Card className="flex h-[30rem] flex-col overflow-hidden">
          <h3 className="border-b border-slate-100 px-4 py-2 text-sm font-semibold text-slate-900">Diagnostics (checked today)</h3>
          <DiagnosticsList diagnostics={preview.diagnostics} emptyMessage="Every check passes for this release." onGoTo={(diagnostic) => editor.current?.goTo(diagnostic.line, { from: diagnostic.from })} />
        </Card>
      </div>

      <Card className="overflow-hidden">
        <PreviewTabs
          label="Release preview"
          tabs={[
            { id: "images", label: "Images", count: preview.images.length, content: <ImagesTable images={preview.images} onGoToLine={(image) => editor.current?.goTo(image.line, { from: image.from })} /> },
            { id: "rewritten", label: "Rewritten YAML", content: <RewrittenPanel original={release.yaml} rewritten={preview.rewritten} fileName={`release-${release.sequence}.yaml`} /> },
            { id: "airgap", label: "Airgap bundle", count: preview.airgap.length, content: <AirgapList entries={preview.airgap} totalSize={preview.airgapTotalSize} onGoToLine={(line) => editor.current?.goTo(line)} /> },
          ]}
        />
      </Card>
    </div>
  );
}
