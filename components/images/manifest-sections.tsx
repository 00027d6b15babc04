"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { formatBytes } from "@/lib/images/describe/format";
import { buildImagesPageHref } from "@/lib/images/image-paths";
import { Cell, Table } from "@/components/ui/table";
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
      <Table label="Layers" columns={[{ label: "Role", isLabelHidden: true }, { label: "Digest" }, { label: "Media type" }, { label: "Size", align: "right" }]} isFramed={false}>
        {rows.map((row, index) => (
          <tr key={`${row.digest}-${index}`}>
            <Cell className="text-slate-500">{row.role}</Cell>
            <Cell>
              <DigestCopy digest={row.digest} />
            </Cell>
            <Cell title={row.mediaType ?? undefined}>
              {row.role === "Config" ? (row.mediaType ?? "—") : row.description}
            </Cell>
            <Cell align="right" title={row.size === null ? undefined : `${row.size} bytes`}>
              {size(row.size)}
            </Cell>
          </tr>
        ))}
      </Table>
    </Section>
  );
}

/** An index's children: platform images, and buildx attestations shown against their platform. */
export function IndexChildrenTable({ slug, repo, items }: { slug: string; repo: string; items: IndexChildView[] }) {
  return (
    <Section title="Platforms">
      <Table label="Index children" columns={[{ label: "Platform" }, { label: "Manifest" }, { label: "Size", align: "right" }]} isFramed={false}>
        {items.map((child) => (
          <tr key={child.digest}>
            <Cell>
              <span className="font-mono">{child.platform ?? "—"}</span>
              {child.attestationFor ? <span className="ml-2 text-xs text-orange-700">attestation (provenance / SBOM)</span> : null}
            </Cell>
            <Cell>
              {child.isStored ? (
                <Link href={buildImagesPageHref(slug, repo, child.digest)} className="font-mono text-brand-700 hover:underline" title={child.digest}>
                  {child.digest.slice(0, 19)}…
                </Link>
              ) : (
                <span className="font-mono text-slate-500" title={`${child.digest} is not stored in this repository`}>
                  {child.digest.slice(0, 19)}… (missing)
                </span>
              )}
            </Cell>
            <Cell align="right" title={child.size === null ? undefined : `manifest ${child.size} bytes`}>
              {size(child.contentSize)}
            </Cell>
          </tr>
        ))}
      </Table>
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
        <Table label="Referrers" columns={[{ label: "Type" }, { label: "Manifest" }, { label: "Size", align: "right" }, { label: "Pushed" }]} isFramed={false}>
          {referrers.map((referrer) => (
            <tr key={referrer.digest}>
              <Cell>
                <KindBadge kind={referrer.kind} label={referrer.label} />
              </Cell>
              <Cell>
                <Link href={buildImagesPageHref(slug, repo, referrer.digest)} className="font-mono text-brand-700 hover:underline" title={referrer.digest}>
                  {referrer.digest.slice(0, 19)}…
                </Link>
              </Cell>
              <Cell align="right">{formatBytes(referrer.size)}</Cell>
              <Cell className="text-slate-600">
                <RelativeTime iso={referrer.pushedAt} />
              </Cell>
            </tr>
          ))}
        </Table>
      )}
    </Section>
  );
}
