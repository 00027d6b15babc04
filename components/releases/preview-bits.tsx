"use client";

import type { ReactNode } from "react";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { formatBytes, shortDigest } from "@/lib/images/describe/format";
import type { DiagnosticSeverity, ImageReference, ImageSource } from "@/lib/releases";

const SOURCE_BADGES: Record<ImageSource, { label: string; tone: BadgeTone }> = {
  replicated: { label: "This app's registry", tone: "info" },
  external: { label: "External", tone: "accent" },
  proxy: { label: "Proxy", tone: "accent" },
  public: { label: "Public", tone: "neutral" },
  invalid: { label: "Invalid", tone: "danger" },
};

/** Where an image comes from, with the external registry's name when it has one ("External dockerhub"). */
export function SourceBadge({ source, registry }: { source: ImageSource; registry?: string | null }) {
  const badge = SOURCE_BADGES[source];
  return (
    <Badge tone={badge.tone}>
      {badge.label}
      {/* The badge's gap shows the space; the space itself keeps the text "External dockerhub" for readers and search. */}
      {registry ? <> <span className="font-mono font-normal">{registry}</span></> : null}
    </Badge>
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

const CHIP_TONES = { ok: "ok", warn: "warn", muted: "neutral", busy: "neutral" } as const;

/** A status chip: ok (green), warn (amber), muted (grey), busy (grey, pulsing). */
export function StatusChip({ tone, children }: { tone: "ok" | "warn" | "muted" | "busy"; children: ReactNode }) {
  return (
    <Badge tone={CHIP_TONES[tone]} className={tone === "busy" ? "animate-pulse" : ""}>
      {children}
    </Badge>
  );
}
