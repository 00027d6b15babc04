"use client";

import Link from "next/link";
import { memo, useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { EmptyState, ErrorState, LoadingRows } from "@/components/ui/card";
import { Cell, Table } from "@/components/ui/table";
import { formatBytes } from "@/lib/images/describe/format";
import { formatPushedBy } from "@/lib/images/format-pushed-by";
import { buildImagesPageHref } from "@/lib/images/image-paths";
import type { TagListItem, TagPage } from "@/lib/images/types";
import { DigestCopy, KindBadge, PlatformList, RelativeTime } from "./image-bits";
import { ManifestDeleteDialog, type DeleteTarget } from "./manifest-delete-dialog";
import { SearchBox } from "./search-box";
import { useDebouncedValue } from "@/components/ui/use-debounced-value";
import { useTagPages } from "./use-tag-pages";
import { IfPermitted } from "@/components/auth/permissions";

/**
 * A repository's tags, newest first. Pages of 100 load as the end of the table scrolls
 * into view (or with the button), so 10,000 tags never sit in the DOM at once
 * unless someone scrolls through all of them.
 */
export function TagsTable({ slug, repo, initialPage }: { slug: string; repo: string; initialPage: TagPage | null }) {
  const [search, setSearch] = useState("");
  const q = useDebouncedValue(search.trim());
  const pages = useTagPages(slug, repo, q, initialPage);
  const [toDelete, setToDelete] = useState<DeleteTarget | null>(null);
  const sentinel = useRef<HTMLDivElement>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = pages;

  useEffect(() => {
    const element = sentinel.current;
    if (!element || !hasNextPage) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting) && !isFetchingNextPage) void fetchNextPage();
    }, { rootMargin: "400px" });
    observer.observe(element);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  const tags = pages.data?.pages.flatMap((page) => page.tags) ?? [];
  const total = pages.data?.pages[0]?.total ?? 0;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <SearchBox label="Search tags" value={search} onChange={setSearch} placeholder="Search tags" />
        {pages.data ? (
          <p className="text-sm text-slate-500" aria-live="polite">
            {tags.length < total ? `Showing ${tags.length} of ${total} tags` : `${total} ${total === 1 ? "tag" : "tags"}`}
          </p>
        ) : null}
      </div>
      {pages.isPending ? (
        <LoadingRows label="Loading tags" />
      ) : pages.isError ? (
        <ErrorState message={pages.error.message} onRetry={() => pages.refetch()} />
      ) : tags.length === 0 ? (
        <EmptyState title={q ? "No tag matches" : "No tags"}>{q ? `No tag name contains “${q}”.` : "Every tag of this repository was deleted; untagged manifests stay pullable by digest."}</EmptyState>
      ) : (
        <>
          <TagRows slug={slug} repo={repo} tags={tags} onDelete={setToDelete} />
          <div ref={sentinel} />
          {pages.hasNextPage ? (
            <Button variant="secondary" onClick={() => pages.fetchNextPage()} disabled={pages.isFetchingNextPage}>
              {pages.isFetchingNextPage ? "Loading…" : "Load more tags"}
            </Button>
          ) : null}
        </>
      )}
      <ManifestDeleteDialog slug={slug} target={toDelete} onClose={() => setToDelete(null)} />
    </div>
  );
}

const TAG_COLUMNS = [
  { label: "Tag" },
  { label: "Digest" },
  { label: "Type" },
  { label: "Size", align: "right" as const },
  { label: "Platforms" },
  { label: "Pushed" },
  { label: "By" },
  { label: "Actions", isLabelHidden: true },
];

function TagRows({ slug, repo, tags, onDelete }: { slug: string; repo: string; tags: TagListItem[]; onDelete: (target: DeleteTarget) => void }) {
  return (
    <Table label="Tags" columns={TAG_COLUMNS}>
      {tags.map((tag) => (
        <TagRow key={tag.id} slug={slug} repo={repo} tag={tag} onDelete={onDelete} />
      ))}
    </Table>
  );
}

/** One row; memoised so appending a page or a poll that changed nothing re-renders no old rows. */
const TagRow = memo(function TagRow({ slug, repo, tag, onDelete }: { slug: string; repo: string; tag: TagListItem; onDelete: (target: DeleteTarget) => void }) {
  return (
    <tr data-testid={`tag-row-${tag.name}`}>
      <Cell>
        <Link href={buildImagesPageHref(slug, repo, tag.name)} className="font-mono font-medium text-brand-700 hover:underline">
          {tag.name}
        </Link>
      </Cell>
      <Cell>
        <DigestCopy digest={tag.digest} />
      </Cell>
      <Cell>
        <KindBadge kind={tag.kind} label={tag.label} />
      </Cell>
      <Cell align="right" title={`${tag.size} bytes`}>
        {formatBytes(tag.size)}
      </Cell>
      <Cell>
        <PlatformList platforms={tag.platforms} />
      </Cell>
      <Cell className="whitespace-nowrap text-slate-600">
        <RelativeTime iso={tag.pushedAt} />
      </Cell>
      <Cell className="text-slate-600">{formatPushedBy(tag.pushedBy)}</Cell>
      <Cell align="right">
        <IfPermitted permission="registry:delete">
          <Button variant="ghost" className="px-2 py-1 text-xs" aria-label={`Delete tag ${tag.name}`} onClick={() => onDelete({ repo, reference: tag.name, digest: tag.digest })}>
            Delete
          </Button>
        </IfPermitted>
      </Cell>
    </tr>
  );
});
