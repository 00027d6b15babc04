/**
 * Parses a release stream into YAML documents with absolute offsets. Each document
 * is parsed on its own (split at `---` lines, which end any scalar or collection in
 * YAML) so a syntax error stays inside its document, and parsed documents are kept
 * in a small cache keyed by their text: while a vendor types, only the edited
 * document is parsed again. Cached documents are shared, so callers must not mutate them.
 */
import { isAlias, parseAllDocuments, parseDocument, visit, type Alias, type Document, type ParsedNode } from "./yaml";
import { MAX_ALIAS_COUNT, MAX_RELEASE_YAML_BYTES } from "./constants";
import { createDiagnostic } from "./diagnostic";
import { createLineIndex, type LineIndex } from "./line-index";
import type { Diagnostic } from "./types";

export interface ReleaseDocument {
  index: number;
  /** Offset of the document's text in the release; node ranges are relative to it. */
  offset: number;
  doc: Document.Parsed;
  aliasTargets: ReadonlyMap<Alias, ParsedNode>;
  /** False when the document has syntax errors or too many aliases: it is then not analysed. */
  isUsable: boolean;
}

export interface ParsedRelease {
  text: string;
  lines: LineIndex;
  documents: ReleaseDocument[];
  diagnostics: Diagnostic[];
}

interface ParsedChunk {
  doc: Document.Parsed;
  aliasTargets: ReadonlyMap<Alias, ParsedNode>;
  aliasError: string | null;
}

const PARSE_OPTIONS = { prettyErrors: false } as const;
const DOCUMENT_START = /^---(?=[ \t\r\n]|$)/gm;
/** Directives and `...` markers tie documents together; such streams are parsed whole. */
const NEEDS_WHOLE_STREAM = /^(?:%|\.\.\.(?:[ \t\r\n]|$))/m;
const MAX_CACHED_DOCUMENTS = 1000;
/** About two releases of the maximum size, so the live documents and recent edits fit. */
const MAX_CACHED_CHARS = 2 * MAX_RELEASE_YAML_BYTES;
const cache = new Map<string, ParsedChunk>();
let cachedChars = 0;

/** Parses the release text; over-large input yields one `yaml-too-large` diagnostic and no documents. */
export function parseReleaseStream(text: string): ParsedRelease {
  const lines = createLineIndex(text);
  if (exceedsBytes(text, MAX_RELEASE_YAML_BYTES)) {
    const message = `The release is larger than ${MAX_RELEASE_YAML_BYTES / 1024 / 1024} MiB and is not previewed; split it or remove unused documents.`;
    return { text, lines, documents: [], diagnostics: [createDiagnostic(lines, "yaml-too-large", "error", message, [0, 0])] };
  }
  const documents: ReleaseDocument[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const { offset, chunk, leadsStream } of splitStream(text)) {
    if (leadsStream && chunk.doc.contents === null && chunk.doc.errors.length === 0) continue;
    const index = documents.length;
    let isUsable = chunk.doc.errors.length === 0;
    for (const error of chunk.doc.errors) {
      const message = `${error.message.replace(/\.?$/, ".")} This document is left out of the preview until it is fixed.`;
      diagnostics.push(createDiagnostic(lines, "yaml-syntax", "error", message, [offset + error.pos[0], offset + error.pos[1]]));
    }
    if (isUsable && chunk.aliasError !== null) {
      isUsable = false;
      const start = offset + chunk.doc.range[0];
      const message = `This document expands aliases more than ${MAX_ALIAS_COUNT} times (${chunk.aliasError}); it is not previewed.`;
      diagnostics.push(createDiagnostic(lines, "yaml-alias-limit", "error", message, [start, start]));
    }
    documents.push({ index, offset, doc: chunk.doc, aliasTargets: chunk.aliasTargets, isUsable });
  }
  return { text, lines, documents, diagnostics };
}

function* splitStream(text: string): Generator<{ offset: number; chunk: ParsedChunk; leadsStream: boolean }> {
  if (NEEDS_WHOLE_STREAM.test(text)) {
    for (const doc of parseAllDocuments(text, PARSE_OPTIONS)) {
      yield { offset: 0, chunk: analyseChunk(doc, text), leadsStream: false };
    }
    return;
  }
  const starts = [0];
  for (const match of text.matchAll(DOCUMENT_START)) if (match.index > 0) starts.push(match.index);
  for (let i = 0; i < starts.length; i++) {
    const source = text.slice(starts[i], starts[i + 1] ?? text.length);
    yield { offset: starts[i], chunk: parseChunk(source), leadsStream: i === 0 && !source.startsWith("---") };
  }
}

function parseChunk(source: string): ParsedChunk {
  const cached = cache.get(source);
  if (cached) {
    cache.delete(source);
    cache.set(source, cached);
    return cached;
  }
  const chunk = analyseChunk(parseDocument(source, PARSE_OPTIONS), source);
  cache.set(source, chunk);
  cachedChars += source.length;
  for (const key of cache.keys()) {
    if (cache.size <= MAX_CACHED_DOCUMENTS && cachedChars <= MAX_CACHED_CHARS) break;
    cache.delete(key);
    cachedChars -= key.length;
  }
  return chunk;
}

/** Maps each alias to its anchored node (one walk) and applies the alias-expansion cap. */
function analyseChunk(doc: Document.Parsed, source: string): ParsedChunk {
  const aliasTargets = new Map<Alias, ParsedNode>();
  if (doc.errors.length > 0 || !source.includes("*")) return { doc, aliasTargets, aliasError: null };
  const anchors = new Map<string, ParsedNode>();
  visit(doc, {
    Node(_key, node) {
      if (isAlias(node)) {
        const target = anchors.get(node.source);
        if (target) aliasTargets.set(node as Alias, target);
      } else if (node.anchor) {
        anchors.set(node.anchor, node as ParsedNode);
      }
    },
  });
  if (aliasTargets.size === 0) return { doc, aliasTargets, aliasError: null };
  try {
    doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    return { doc, aliasTargets, aliasError: null };
  } catch (error) {
    return { doc, aliasTargets, aliasError: error instanceof Error ? error.message : String(error) };
  }
}

function exceedsBytes(text: string, limit: number): boolean {
  if (text.length > limit) return true;
  if (text.length * 3 <= limit) return false;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes > limit;
}
