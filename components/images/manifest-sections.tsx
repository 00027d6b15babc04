"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { formatBytes } from "@/lib/images/describe/format";
import { buildImagesPageHref } from "@/lib/images/image-paths";
import type { ImageConfigSummary, IndexChildView, LayerView, ReferrerView } from "@/lib/images/types";
import { DigestCopy, KindBadge, RelativeTime } from "./image-bits";

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section aria-label={title} className="overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm">
      <h3 className="border-b border-slate-100 px-5 py-3 text-sm font-semibold text-slate-900">{title}</h3>
      {children}
    </section>
  );
}

const HEAD = "bg-slate-50 text-left text-xs font-medium uppercase tracking-wide text-slate-500";
const size = (bytes: number | null) => (bytes === null ? "—" : formatBytes(bytes));

/** Created, platform, entrypoint and cmd, ports and labels of an image's config. */
export function ConfigSummaryCard({ summary }: { summary: ImageConfigSummary }) {
  const platform = [summary.os, summary.architecture, summary.variant].filter(Boolean).join("/");
  const rows: [string, ReactNode][] = [
    ["Created", summary.created ? <RelativeTime iso={new Date(summary.created).toISOString()} /> : null],
    ["Platform", platform || null],
    ["Entrypoint", summary.entrypoint?.length ? <code className="font-mono">{JSON.stringify(summary.entrypoint)}</code> : null],
    ["Command", summary.cmd?.length ? <code className="font-mono">{JSON.stringify(summary.cmd)}</code> : null],
    ["Exposed ports", summary.exposedPorts.length ? summary.exposedPorts.join(", ") : null],
    ["User", summary.user ?? null],
    ["Working directory", summary.workingDir ?? null],
  ];
  const labels = Object.entries(summary.labels);
  return (
    <Section title="Config">
      <dl className="grid grid-cols-1 gap-x-6 gap-y-2 px-5 py-4 text-sm sm:grid-cols-[auto_1fr]">
        {rows
          .filter(([, value]) => value !== null)
          .map(([label, value]) => (
            <div key={label} className="contents">
              <dt className="text-slate-500">{label}</dt>
              <dd className="break-all text-slate-900">{value}</dd>
            </div>
          ))}
        {labels.length > 0 ? (
          <div className="contents">
            <dt className="text-slate-500">Labels</dt>
            <dd>
              <ul className="space-y-0.5 font-mono text-xs text-slate-700">
                {labels.map(([key, value]) => (
                  <li key={key} className="break-all">
                    {key}=<span className="text-slate-900">{value}</span>
                  </li>
                ))}
              </ul>
            </dd>
          </div>
        ) : null}
      </dl>
    </Section>
  );
}

/** The config blob and layers with digest, size and media type in words. */
export function LayersTable({ config, layers }: { config: LayerView | null; layers: LayerView[] }) {
  const rows = [...(config ? [{ ...config, role: "Config" }] : []), ...layers.map((layer, index) => ({ ...layer, role: `Layer ${index + 1}` }))];
  return (
    <Section title={`Layers (${layers.length})`}>
      <table className="min-w-full divide-y divide-slate-200 text-sm" aria-label="Layers">
        <thead className={HEAD}>
          <tr>
            <th className="px-5 py-2"> </th>
            <th className="px-5 py-2">Digest</th>
            <th className="px-5 py-2">Media type</th>
            <th className="px-5 py-2 text-right">Size</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((row, index) => (
            <tr key={`${row.digest}-${index}`}>
              <td className="px-5 py-2 text-slate-500">{row.role}</td>
              <td className="px-5 py-2">
                <DigestCopy digest={row.digest} />
              </td>
              <td className="px-5 py-2" title={row.mediaType ?? undefined}>
                {row.role === "Config" ? (row.mediaType ?? "—") : row.description}
              </td>
              <td className="px-5 py-2 text-right tabular-nums" title={row.size === null ? undefined : `${row.size} bytes`}>
                {size(row.size)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}

/** An index's children: platform images, and buildx attestations shown against their platform. */
export function IndexChildrenTable({ slug, repo, items }: { slug: string; repo: string; items: IndexChildView[] }) {
  return (
    <Section title="Platforms">
      <table className="min-w-full divide-y divide-slate-200 text-sm" aria-label="Index children">
        <thead className={HEAD}>
          <tr>
            <th className="px-5 py-2">Platform</th>
            <th className="px-5 py-2">Manifest</th>
            <th className="px-5 py-2 text-right">Size</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {items.map((child) => (
            <tr key={child.digest}>
              <td className="px-5 py-2">
                <span className="font-mono">{child.platform ?? "—"}</span>
                {child.attestationFor ? <span className="ml-2 text-xs text-orange-700">attestation (provenance / SBOM)</span> : null}
              </td>
              <td className="px-5 py-2">
                {child.isStored ? (
                  <Link href={buildImagesPageHref(slug, repo, child.digest)} className="font-mono text-brand-700 hover:underline" title={child.digest}>
                    {child.digest.slice(0, 19)}…
                  </Link>
                ) : (
                  <span className="font-mono text-slate-500" title={`${child.digest} is not stored in this repository`}>
                    {child.digest.slice(0, 19)}… (missing)
                  </span>
                )}
              </td>
              <td className="px-5 py-2 text-right tabular-nums" title={child.size === null ? undefined : `manifest ${child.size} bytes`}>
                {size(child.contentSize)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}

/** Signatures, SBOMs and other artifacts whose `subject` is this manifest. */
export function ReferrersTable({ slug, repo, referrers }: { slug: string; repo: string; referrers: ReferrerView[] }) {
  return (
    <Section title={`Referrers (${referrers.length})`}>
      {referrers.length === 0 ? (
        <p className="px-5 py-4 text-sm text-slate-500">No signatures, SBOMs or other artifacts are attached to this manifest.</p>
      ) : (
        <table className="min-w-full divide-y divide-slate-200 text-sm" aria-label="Referrers">
          <thead className={HEAD}>
            <tr>
              <th className="px-5 py-2">Type</th>
              <th className="px-5 py-2">Manifest</th>
              <th className="px-5 py-2 text-right">Size</th>
              <th className="px-5 py-2">Pushed</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {referrers.map((referrer) => (
              <tr key={referrer.digest}>
                <td className="px-5 py-2">
                  <KindBadge kind={referrer.kind} label={referrer.label} />
                </td>
                <td className="px-5 py-2">
                  <Link href={buildImagesPageHref(slug, repo, referrer.digest)} className="font-mono text-brand-700 hover:underline" title={referrer.digest}>
                    {referrer.digest.slice(0, 19)}…
                  </Link>
                </td>
                <td className="px-5 py-2 text-right tabular-nums">{formatBytes(referrer.size)}</td>
                <td className="px-5 py-2 text-slate-600">
                  <RelativeTime iso={referrer.pushedAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}
