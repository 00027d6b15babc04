/** Release numbers as they appear in URLs. */
import { notFound } from "@/lib/errors";

/** The release number in a path segment; anything that is not one reads as a missing release. */
export function parseSequence(segment: string, slug: string): number {
  const sequence = /^[1-9][0-9]{0,8}$/.test(segment) ? Number(segment) : null;
  if (sequence === null) throw notFound(`Release "${segment}" of "${slug}"`);
  return sequence;
}
