"use client";

import type { ReactNode } from "react";
import { formatBytes, shortDigest } from "@/lib/images/describe/format";
import type { DiagnosticSeverity, ImageReference, ImageSource } from "@/lib/releases";

const SOURCE_STYLES: Record<ImageSource, { label: string; className: string }> = {
  replicated: { label: "This app's registry", className: "bg-brand-50 text-brand-700 ring-brand-100" },
  external: { label: "External", className: "bg-violet-50 text-violet-800 ring-violet-200" },
  proxy: { label: "Proxy", className: "bg-violet-50 text-violet-800 ring-violet-200" },
  public: { label: "Public", className: "bg-slate-100 text-slate-700 ring-slate-200" },
  invalid: { label: "Invalid", className: "bg-red-50 text-red-700 ring-red-200" },
};

/** Where an image comes from, with the external registry's name when it has one. */
export function SourceBadge({ source, registry }: { source: ImageSource; registry?: string | null }) {
  const style = SOURCE_STYLES[source];
  return (
    <span className={`inline-flex items-center whitespace-nowrap rounded px-1.5 py-0.5 text-xs font-medium ring-1 ring-inset ${style.className}`}>
      {style.label}
      {registry ? (
        <>
          {" "}
          <span className="font-mono font-normal">{registry}</span>
        </>
      ) : null}
    </span>
  );
}

/** registry / repository : tag @ digest, each part set apart. */
export function ReferenceParts({ reference }: { reference: ImageReference }) {
  return (
    <span className="font-mono text-xs leading-5 break-all">
      <span className="text-slate-500">{reference.registry}/</span>
      <span className="font-semibold text-slate-900">{reference.repository}</span>
      {reference.tag !== null ? <span className="text-emerald-700">:{reference.tag}</span> : null}
      {reference.digest !== null ? (
        <span className="text-slate-500" title={reference.digest}>
          @{reference.digest.slice(0, 19)}…
        </span>
      ) : null}
    </span>
  );
}

const SEVERITY_STYLES: Record<DiagnosticSeverity, { label: string; icon: string; className: string }> = {
  error: { label: "Error", icon: "✕", className: "bg-red-600 text-white" },
  warning: { label: "Warning", icon: "!", className: "bg-amber-500 text-white" },
  info: { label: "Note", icon: "i", className: "bg-sky-600 text-white" },
};

/** A small round severity mark with its name for screen readers. */
export function SeverityIcon({ severity }: { severity: DiagnosticSeverity }) {
  const style = SEVERITY_STYLES[severity];
  return (
    <span className={`inline-flex h-4 w-4 shrink-0 items-center justify-center rounded-full text-[10px] font-bold ${style.className}`} title={style.label}>
      <span aria-hidden="true">{style.icon}</span>
      <span className="sr-only">{style.label}</span>
    </span>
  );
}

/** "2 errors, 1 warning". */
export function describeCounts(counts: Record<DiagnosticSeverity, number>): string {
  const parts = [
    counts.error ? `${counts.error} error${counts.error === 1 ? "" : "s"}` : null,
    counts.warning ? `${counts.warning} warning${counts.warning === 1 ? "" : "s"}` : null,
    counts.info ? `${counts.info} note${counts.info === 1 ? "" : "s"}` : null,
  ].filter(Boolean);
  return parts.length ? parts.join(", ") : "No problems";
}

/** A digest shortened the way docker shows it, full on hover. */
export function ShortDigest({ digest }: { digest: string }) {
  return (
    <span className="font-mono text-xs text-slate-600" title={digest}>
      {shortDigest(digest)}
    </span>
  );
}

export function formatSize(bytes: number | null | undefined): string {
  return bytes === null || bytes === undefined ? "—" : formatBytes(bytes);
}

/** A status chip: ok (green), warn (amber), muted (grey). */
export function StatusChip({ tone, children }: { tone: "ok" | "warn" | "muted" | "busy"; children: ReactNode }) {
  const styles = {
    ok: "bg-emerald-50 text-emerald-800 ring-emerald-200",
    warn: "bg-amber-50 text-amber-900 ring-amber-200",
    muted: "bg-slate-50 text-slate-600 ring-slate-200",
    busy: "bg-slate-50 text-slate-500 ring-slate-200 animate-pulse",
  };
  return <span className={`inline-flex items-center whitespace-nowrap rounded px-1.5 py-0.5 text-xs font-medium ring-1 ring-inset ${styles[tone]}`}>{children}</span>;
}
