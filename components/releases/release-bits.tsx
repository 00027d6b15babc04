"use client";

import { Badge } from "@/components/ui/badge";
import { Time } from "@/components/ui/time";
import { shortDigest } from "@/lib/images/describe/format";
import type { ChangedTag } from "@/lib/release-store/types";

/** "3 hours ago" from the browser's clock, with the exact UTC time on hover (the portal's one Time). */
export function Timestamp({ iso }: { iso: string }) {
  return <Time value={iso} />;
}

/** A small amber marker saying tags this release uses have moved since it was created. */
export function ChangedTagsMarker({ changedTags }: { changedTags: ChangedTag[] }) {
  if (changedTags.length === 0) return null;
  const list = changedTags.map((tag) => tag.image).join(", ");
  return (
    <span className="mt-1 block">
      <Badge tone="warn" title={list}>
        {changedTags.length === 1 ? "Tag pushed again" : `${changedTags.length} tags pushed again`}
      </Badge>
    </span>
  );
}

/** One sentence per moved tag: what it pointed to at release time, and now. */
export function describeChangedTag(tag: ChangedTag): string {
  if (tag.digestAtRelease === null) return `${tag.image} had not been pushed when this release was created; it now points to ${shortDigest(tag.currentDigest!)}.`;
  if (tag.currentDigest === null) return `${tag.image} pointed to ${shortDigest(tag.digestAtRelease)} when this release was created and has since been deleted.`;
  return `${tag.image} was pushed again: it pointed to ${shortDigest(tag.digestAtRelease)} when this release was created and now points to ${shortDigest(tag.currentDigest)}.`;
}
