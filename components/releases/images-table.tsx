"use client";

import type { PreviewImage } from "@/lib/releases";
import { formatSize, ReferenceParts, ShortDigest, SourceBadge, StatusChip } from "./preview-bits";

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
    <div className="overflow-x-auto">
      <table className="min-w-full text-sm">
        <caption className="sr-only">Container images in the release</caption>
        <thead className="bg-slate-50 text-left text-xs font-medium uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="px-3 py-2">Line</th>
            <th scope="col" className="px-3 py-2">Resource / container</th>
            <th scope="col" className="px-3 py-2">Reference</th>
            <th scope="col" className="px-3 py-2">Source</th>
            <th scope="col" className="px-3 py-2">Customers pull</th>
            <th scope="col" className="px-3 py-2">Status</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {images.map((image) => (
            <tr key={`${image.from}-${image.image}`} className="align-top">
              <td className="px-3 py-2">
                {onGoToLine ? (
                  <button type="button" onClick={() => onGoToLine(image)} className="font-mono text-xs text-brand-600 hover:underline" aria-label={`Go to line ${image.line}`}>
                    {image.line}
                  </button>
                ) : (
                  <span className="font-mono text-xs text-slate-500">{image.line}</span>
                )}
              </td>
              <td className="px-3 py-2">
                <div className="font-medium text-slate-900">
                  {image.resource.kind} <span className="font-normal text-slate-700">{image.resource.name ?? "(unnamed)"}</span>
                </div>
                <div className="text-xs text-slate-500">
                  {image.container.name ?? `#${image.container.index + 1}`} · {image.container.field}
                </div>
              </td>
              <td className="max-w-xs px-3 py-2">
                {image.reference ? <ReferenceParts reference={image.reference} /> : <span className="font-mono text-xs text-red-700 break-all">{image.image}</span>}
              </td>
              <td className="px-3 py-2">
                <SourceBadge source={image.source} registry={image.externalRegistry} />
              </td>
              <td className="max-w-xs px-3 py-2">
                <span className={`font-mono text-xs break-all ${image.isRewritten ? "rounded bg-amber-50 px-1 text-amber-900" : "text-slate-600"}`}>{image.rewritten}</span>
                {image.isRewritten ? <div className="mt-0.5 text-xs text-slate-500">Rewritten through the proxy</div> : null}
              </td>
              <td className="px-3 py-2">
                <ImageStatus image={image} isLookingUp={isLookingUp} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
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
