"use client";

import type { PreviewImage } from "@/lib/releases";
import { Cell, Table } from "@/components/ui/table";
import { formatSize, ReferenceParts, ShortDigest, SourceBadge, StatusChip } from "./preview-bits";

const COLUMNS = [{ label: "Line" }, { label: "Resource / container" }, { label: "Reference" }, { label: "Source" }, { label: "Customers pull" }, { label: "Status" }];

/** Every container image of the release: where it is, what it parses to, where customers pull it from, and whether it is there. */
export function ImagesTable({ images, isLookingUp, onGoToLine }: { images: PreviewImage[]; isLookingUp?: boolean; onGoToLine?: (image: PreviewImage) => void }) {
  if (images.length === 0) {
    return (
      <p className="px-4 py-8 text-center text-sm text-slate-600">
        No container images yet. Images appear here as you add workloads (Deployment, StatefulSet, DaemonSet, Job, CronJob, Pod) with <code className="font-mono">image:</code> fields.
      </p>
    );
  }
  return (
    <Table label="Container images in the release" columns={COLUMNS} isFramed={false}>
      {images.map((image) => (
        <tr key={`${image.from}-${image.image}`} className="align-top">
          <Cell>
            {onGoToLine ? (
              <button type="button" onClick={() => onGoToLine(image)} className="font-mono text-xs text-brand-600 hover:underline" aria-label={`Go to line ${image.line}`}>
                {image.line}
              </button>
            ) : (
              <span className="font-mono text-xs text-slate-500">{image.line}</span>
            )}
          </Cell>
          <Cell>
            <div className="font-medium text-slate-900">
              {image.resource.kind} <span className="font-normal text-slate-700">{image.resource.name ?? "(unnamed)"}</span>
            </div>
            <div className="text-xs text-slate-500">
              {image.container.name ?? `#${image.container.index + 1}`} · {image.container.field}
            </div>
          </Cell>
          <Cell className="max-w-xs">
            {image.reference ? <ReferenceParts reference={image.reference} /> : <span className="font-mono text-xs text-red-700 break-all">{image.image}</span>}
          </Cell>
          <Cell>
            <SourceBadge source={image.source} registry={image.externalRegistry} />
          </Cell>
          <Cell className="max-w-xs">
            <span className={`font-mono text-xs break-all ${image.isRewritten ? "rounded bg-amber-50 px-1 text-amber-900" : "text-slate-600"}`}>{image.rewritten}</span>
            {image.isRewritten ? <div className="mt-0.5 text-xs text-slate-500">Rewritten through the proxy</div> : null}
          </Cell>
          <Cell>
            <ImageStatus image={image} isLookingUp={isLookingUp} />
          </Cell>
        </tr>
      ))}
    </Table>
  );
}

function ImageStatus({ image, isLookingUp }: { image: PreviewImage; isLookingUp?: boolean }) {
  const { availability } = image;
  if (image.source === "replicated") {
    if (!availability) return isLookingUp ? <StatusChip tone="busy">Checking…</StatusChip> : <StatusChip tone="muted">Not checked</StatusChip>;
    if (!availability.exists) return <StatusChip tone="warn">Not pushed</StatusChip>;
    return (
      <div className="space-y-0.5">
        <StatusChip tone="ok">Pushed</StatusChip>
        <div className="text-xs text-slate-600">
          {availability.digest ? <ShortDigest digest={availability.digest} /> : null} · {formatSize(availability.size)}
        </div>
      </div>
    );
  }
  if (image.source === "external" || image.source === "proxy") {
    if (!availability) return <StatusChip tone="muted">Not checked</StatusChip>;
    if (availability.exists) return <StatusChip tone="ok">Found upstream</StatusChip>;
    return (
      <div className="max-w-[14rem] space-y-0.5">
        <StatusChip tone="warn">{availability.message?.startsWith("could not check") ? "Not checked" : "Not found"}</StatusChip>
        {availability.message ? <div className="text-xs text-slate-600">{availability.message}</div> : null}
      </div>
    );
  }
  return <span className="text-xs text-slate-400">{image.source === "public" ? "Public, not checked" : "—"}</span>;
}
