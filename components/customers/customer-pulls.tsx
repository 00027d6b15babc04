"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { DigestCopy, RelativeTime } from "@/components/images/image-bits";
import { EmptyState, ErrorState, LoadingRows } from "@/components/ui/card";
import { Cell, Table } from "@/components/ui/table";
import { buildImagesPageHref } from "@/lib/images/image-paths";
import { customersApi, PULLS_POLL_INTERVAL_MS } from "./customers-api";
import { customerKeys } from "./query-keys";
import type { PullJson } from "./types";

const PULL_COLUMNS = [{ label: "When" }, { label: "Image" }, { label: "Digest" }, { label: "Client" }, { label: "User agent" }];
const IMAGE_COLUMNS = [{ label: "Image" }, { label: "Pulls", align: "right" as const }, { label: "Last pulled" }];

/** `repo:tag`, or `repo@digest` for a pull by digest, linked to its page when it is one of the app's own repositories. */
function PulledImage({ slug, pull }: { slug: string; pull: PullJson }) {
  const text = pull.reference.includes(":") ? `${pull.repository}@${pull.reference}` : `${pull.repository}:${pull.reference}`;
  const prefix = `${slug}/`;
  if (!pull.repository.startsWith(prefix)) return <>{text}</>;
  return (
    <Link href={buildImagesPageHref(slug, pull.repository.slice(prefix.length), pull.reference)} className="text-brand-700 hover:underline">
      {text}
    </Link>
  );
}

/** The customer's recent manifest pulls and the count per image, polled so a new pull shows up without a reload. */
export function CustomerPulls({ slug, customerId }: { slug: string; customerId: string }) {
  const pulls = useQuery({ queryKey: customerKeys.pulls(slug, customerId), queryFn: () => customersApi.pulls(slug, customerId), refetchInterval: PULLS_POLL_INTERVAL_MS });

  return (
    <section aria-labelledby="recent-pulls" className="space-y-3">
      <h3 id="recent-pulls" className="text-base font-semibold text-slate-900">
        Recent pulls
      </h3>
      {pulls.isPending ? (
        <LoadingRows rows={2} label="Loading pulls" />
      ) : pulls.isError && !pulls.data ? (
        <ErrorState message={`The pulls could not be loaded: ${pulls.error.message}`} onRetry={() => pulls.refetch()} />
      ) : pulls.data.pulls.length === 0 ? (
        <EmptyState title="No pulls yet">Every image this customer pulls with its license is listed here within seconds: when, which image and digest, from where and with which client.</EmptyState>
      ) : (
        <div className="grid items-start gap-4 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
          <Table label="Recent pulls" columns={PULL_COLUMNS}>
            {pulls.data.pulls.map((pull, index) => (
              <tr key={`${pull.at}-${pull.digest}-${index}`}>
                <Cell className="whitespace-nowrap text-slate-600">
                  <RelativeTime iso={pull.at} />
                </Cell>
                <Cell className="break-all font-mono text-xs text-slate-900">
                  <PulledImage slug={slug} pull={pull} />
                </Cell>
                <Cell>
                  <DigestCopy digest={pull.digest} />
                </Cell>
                <Cell className="whitespace-nowrap font-mono text-xs text-slate-600">{pull.clientAddress}</Cell>
                <Cell className="max-w-[14rem] truncate text-xs text-slate-600" title={pull.userAgent}>
                  {pull.userAgent || "—"}
                </Cell>
              </tr>
            ))}
          </Table>
          <Table label="Pulls per image" columns={IMAGE_COLUMNS}>
            {pulls.data.images.map((image) => (
              <tr key={image.repository}>
                <Cell className="whitespace-nowrap font-mono text-xs text-slate-900">{image.repository}</Cell>
                <Cell align="right">{image.count}</Cell>
                <Cell className="whitespace-nowrap text-slate-600">
                  <RelativeTime iso={image.lastPulledAt} />
                </Cell>
              </tr>
            ))}
          </Table>
        </div>
      )}
      {pulls.isError && pulls.data ? <ErrorState message={`Could not refresh the pulls: ${pulls.error.message}`} onRetry={() => pulls.refetch()} /> : null}
    </section>
  );
}
