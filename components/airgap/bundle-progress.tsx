"use client";

import { formatBytes } from "@/lib/images/describe/format";
import type { BundleJson } from "./types";

function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60 ? `${minutes} min ${seconds % 60} s` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** Images and bytes done, speed and time left of a bundle being built, with a progress bar. */
export function BundleProgress({ bundle }: { bundle: BundleJson }) {
  const percent = bundle.bytesTotal > 0 ? Math.min(100, Math.round((bundle.bytes / bundle.bytesTotal) * 100)) : 0;
  const parts = [
    `${bundle.imagesDone} of ${bundle.imagesTotal} image${bundle.imagesTotal === 1 ? "" : "s"}`,
    bundle.bytesTotal > 0 ? `${formatBytes(bundle.bytes)} of about ${formatBytes(bundle.bytesTotal)}` : "resolving images",
  ];
  if (bundle.speedMiBps !== null) parts.push(`${bundle.speedMiBps.toFixed(1)} MiB/s`);
  if (bundle.etaSeconds !== null) parts.push(`about ${formatDuration(bundle.etaSeconds)} left`);
  return (
    <div className="space-y-1.5">
      <div role="progressbar" aria-label="Bundle progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} className="h-2 overflow-hidden rounded-full bg-slate-100">
        <div className="h-full rounded-full bg-brand-600 transition-[width]" style={{ width: `${percent}%` }} />
      </div>
      <p className="text-sm text-slate-700" aria-live="polite">
        {parts.join(" · ")}
      </p>
    </div>
  );
}
