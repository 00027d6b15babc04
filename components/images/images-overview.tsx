"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { EmptyState, ErrorState, LoadingRows } from "@/components/ui/card";
import { formatBytes } from "@/lib/images/describe/format";
import { buildImagesPageHref } from "@/lib/images/image-paths";
import type { RepositoryListItem } from "@/lib/images/types";
import { RelativeTime } from "./image-bits";
import { fetchRepositories, POLL_INTERVAL_MS } from "./images-api";
import { PushInstructions, type PushInstructionsContext } from "./push-instructions";
import { imageKeys } from "./query-keys";
import { SearchBox } from "./search-box";
import { useDebouncedValue } from "@/components/ui/use-debounced-value";
import { Cell, Table } from "@/components/ui/table";

/**
 * An application's repositories with a search over repository and tag names, polled so
 * new pushes show up within seconds. With nothing pushed, the push instructions are the page.
 */
export function ImagesOverview({ context, initialRepositories }: { context: PushInstructionsContext; initialRepositories: RepositoryListItem[] }) {
  const [search, setSearch] = useState("");
  const q = useDebouncedValue(search.trim());
  const repositories = useQuery({
    queryKey: imageKeys.repositories(context.slug, q),
    queryFn: () => fetchRepositories(context.slug, q),
    initialData: q === "" ? initialRepositories : undefined,
    refetchInterval: POLL_INTERVAL_MS,
    placeholderData: (previous) => previous,
  });

  if (q === "" && repositories.data?.length === 0) {
    return (
      <div className="space-y-6">
        <EmptyState title="No images yet">Push the first image of this application with the commands below; it appears here within seconds.</EmptyState>
        <PushInstructions context={context} />
      </div>
    );
  }

  return (
    <div className="space-y-6">
      <SearchBox label="Search repositories and tags" value={search} onChange={setSearch} placeholder="Search repositories and tags" />
      {repositories.isPending ? (
        <LoadingRows label="Loading repositories" />
      ) : repositories.isError ? (
        <ErrorState message={repositories.error.message} onRetry={() => repositories.refetch()} />
      ) : repositories.data.length === 0 ? (
        <EmptyState title="Nothing matches">No repository or tag name contains “{q}”.</EmptyState>
      ) : (
        <RepositoryTable slug={context.slug} repositories={repositories.data} />
      )}
      <details className="group rounded-lg">
        <summary className="cursor-pointer text-sm font-medium text-brand-700 hover:underline">Push instructions</summary>
        <div className="mt-3">
          <PushInstructions context={context} />
        </div>
      </details>
    </div>
  );
}

function RepositoryTable({ slug, repositories }: { slug: string; repositories: RepositoryListItem[] }) {
  return (
    <Table label="Repositories" columns={[{ label: "Repository" }, { label: "Tags", align: "right" }, { label: "Stored", align: "right" }, { label: "Last push" }]}>
      {repositories.map((repository) => (
        <tr key={repository.name}>
          <Cell>
            <Link href={buildImagesPageHref(slug, repository.path)} className="font-mono font-medium text-brand-700 hover:underline">
              {repository.path}
            </Link>
            {repository.matchedTags.length > 0 ? (
              <p className="mt-1 text-xs text-slate-500">
                Tags:{" "}
                {repository.matchedTags.map((tag, index) => (
                  <span key={tag}>
                    {index > 0 ? ", " : null}
                    <Link href={buildImagesPageHref(slug, repository.path, tag)} className="font-mono hover:underline">
                      {tag}
                    </Link>
                  </span>
                ))}
              </p>
            ) : null}
          </Cell>
          <Cell align="right">{repository.tagCount}</Cell>
          <Cell align="right" title={`${repository.storedBytes} bytes`}>
            {formatBytes(repository.storedBytes)}
          </Cell>
          <Cell className="text-slate-600">
            <RelativeTime iso={repository.lastPushedAt} />
          </Cell>
        </tr>
      ))}
    </Table>
  );
}
