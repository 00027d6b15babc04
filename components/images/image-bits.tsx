"use client";

import { Badge, type BadgeTone } from "@/components/ui/badge";
import { CopyButton } from "@/components/ui/copy-button";
import { Time } from "@/components/ui/time";
import { shortDigest } from "@/lib/images/describe/format";
import type { ManifestKind, PlatformEntry } from "@/lib/images/types";

/** A short digest; hover shows the full one, a click copies it. */
export function DigestCopy({ digest }: { digest: string }) {
  return (
    <span title={digest} className="inline-flex">
      <CopyButton value={digest} label={shortDigest(digest)} className="font-mono" />
    </span>
  );
}

/** "3 hours ago" from the browser's clock, with the exact UTC time on hover (the portal's one Time). */
export function RelativeTime({ iso }: { iso: string | null }) {
  return <Time value={iso} />;
}

const KIND_TONES: Record<ManifestKind, BadgeTone> = {
  image: "info",
  index: "accent",
  "helm-chart": "ok",
  signature: "warn",
  sbom: "ok",
  attestation: "warn",
  artifact: "neutral",
};

/** What a manifest is, in plain words. */
export function KindBadge({ kind, label }: { kind: ManifestKind; label: string }) {
  return <Badge tone={KIND_TONES[kind]}>{label}</Badge>;
}

/** Platforms as chips; buildx attestations show on their platform, never as unknown/unknown. */
export function PlatformList({ platforms }: { platforms: PlatformEntry[] }) {
  if (platforms.length === 0) return <span className="text-slate-400">—</span>;
  return (
    <ul className="flex flex-wrap gap-1" aria-label="Platforms">
      {platforms.map((platform) => (
        <li key={platform.name} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700">
          {platform.name}
          {platform.isAttested ? (
            <span className="ml-1 font-sans text-[10px] uppercase tracking-wide text-orange-700" title="buildx attached provenance or SBOM attestations">
              + attestation
            </span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
