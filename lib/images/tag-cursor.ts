/**
 * The opaque cursor of the tags list: the (updatedAt, id) of the last tag on a page,
 * the keyset the next page starts below. Base64url JSON, so callers cannot rely on it.
 */
import { invalidInput } from "@/lib/errors";

export interface TagCursor {
  updatedAt: Date;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Encodes the position after `tag` as a cursor string. */
export function encodeTagCursor(tag: TagCursor): string {
  return Buffer.from(JSON.stringify([tag.updatedAt.toISOString(), tag.id])).toString("base64url");
}

/** Decodes a cursor from `encodeTagCursor`; anything else is `invalid_input` on `cursor`. */
export function decodeTagCursor(cursor: string): TagCursor {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    value = null;
  }
  if (Array.isArray(value) && value.length === 2 && typeof value[0] === "string" && typeof value[1] === "string" && UUID.test(value[1])) {
    const updatedAt = new Date(value[0]);
    if (!Number.isNaN(updatedAt.getTime())) return { updatedAt, id: value[1] };
  }
  throw invalidInput("cursor", "is not a cursor this API returned; start again without it");
}
