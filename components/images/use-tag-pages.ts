"use client";

import { useInfiniteQuery, useQuery, type InfiniteData } from "@tanstack/react-query";
import { useEffect } from "react";
import type { TagPage } from "@/lib/images/types";
import { fetchTags, POLL_INTERVAL_MS, TAG_PAGE_SIZE } from "./images-api";
import { imageKeys } from "./query-keys";

function fingerprint(page: TagPage | undefined): string {
  const first = page?.tags[0];
  return page ? `${page.total}|${first?.id ?? ""}|${first?.pushedAt ?? ""}|${first?.digest ?? ""}` : "";
}

/**
 * A repository's tags, newest first, loaded a page at a time. Instead of re-fetching
 * every loaded page on each poll, it polls only the newest tag and the count, and
 * reloads the pages when either changed (a push, a moved tag or a delete).
 */
export function useTagPages(slug: string, repo: string, q: string, initialPage: TagPage | null) {
  const pages = useInfiniteQuery({
    queryKey: imageKeys.tags(slug, repo, q),
    queryFn: ({ pageParam }) => fetchTags(slug, repo, { q, cursor: pageParam, limit: TAG_PAGE_SIZE }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    initialData: initialPage && q === "" ? ({ pages: [initialPage], pageParams: [null] } satisfies InfiniteData<TagPage, string | null>) : undefined,
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
  const head = useQuery({
    queryKey: imageKeys.tagsHead(slug, repo, q),
    queryFn: () => fetchTags(slug, repo, { q, cursor: null, limit: 1 }),
    refetchInterval: POLL_INTERVAL_MS,
  });
  const headPrint = fingerprint(head.data);
  const loadedPrint = fingerprint(pages.data?.pages[0]);
  const { refetch, isFetching } = pages;
  useEffect(() => {
    if (headPrint && loadedPrint && headPrint !== loadedPrint && !isFetching) void refetch();
  }, [headPrint, loadedPrint, isFetching, refetch]);
  return pages;
}
