/** The image sources a release names, so a registry a saved release relies on is not deleted. */
import { isMap, isSeq } from "./yaml";
import { parseReleaseStream } from "./parse-release-stream";
import { findPair, getValue, readString, resolveNode, type MapNode } from "./yaml-nodes";

/** Distinct `source` values of the release config's `images:` entries, in order of appearance. */
export function collectReleaseSources(yamlText: string): string[] {
  const sources = new Set<string>();
  for (const document of parseReleaseStream(yamlText).documents) {
    const root = document.doc.contents;
    if (!document.isUsable || !isMap(root) || !findPair(document, root as MapNode, "images")) continue;
    const images = getValue(document, root as MapNode, "images");
    for (const item of isSeq(images) ? images.items : []) {
      const entry = resolveNode(document, item);
      const source = isMap(entry) ? readString(getValue(document, entry as MapNode, "source")) : null;
      if (source) sources.add(source);
    }
    // Only the first document with images: is the release config.
    break;
  }
  return [...sources];
}
