/**
 * Content digests (OCI image-spec "Digests"): parsing, and hashing bytes while they
 * stream past, so content is verified without being held in memory.
 */
import { createHash, type Hash } from "node:crypto";
import { RegistryError } from "@/lib/registry/errors";
import { DIGEST_PATTERN } from "@/lib/registry/names";

/** The registered algorithms the registry verifies, with the hex length of each. */
export const DIGEST_ALGORITHMS = { sha256: 64, sha512: 128 } as const;
export type DigestAlgorithm = keyof typeof DIGEST_ALGORITHMS;

export interface ParsedDigest {
  digest: string;
  algorithm: DigestAlgorithm;
  hex: string;
}

/** Parses a digest of a registered algorithm (lowercase hex of the right length), or returns null. */
export function tryParseDigest(value: string): ParsedDigest | null {
  if (!DIGEST_PATTERN.test(value)) return null;
  const colon = value.indexOf(":");
  const algorithm = value.slice(0, colon);
  const hex = value.slice(colon + 1);
  if (!Object.hasOwn(DIGEST_ALGORITHMS, algorithm)) return null;
  const length = DIGEST_ALGORITHMS[algorithm as DigestAlgorithm];
  if (hex.length !== length || !/^[a-f0-9]+$/.test(hex)) return null;
  return { digest: value, algorithm: algorithm as DigestAlgorithm, hex };
}

/** Parses a digest or throws DIGEST_INVALID saying why. */
export function parseDigestOrThrow(value: string | null | undefined): ParsedDigest {
  if (!value) throw new RegistryError("DIGEST_INVALID", "a digest is required", { digest: value ?? null });
  const parsed = tryParseDigest(value);
  if (parsed) return parsed;
  const reason = DIGEST_PATTERN.test(value)
    ? `only ${Object.keys(DIGEST_ALGORITHMS).join(" and ")} digests in lowercase hex of the right length are accepted`
    : "not a digest (expected algorithm:hex)";
  throw new RegistryError("DIGEST_INVALID", `invalid digest: ${reason}`, { digest: value });
}

/** The digest of bytes held in memory (manifests, small test blobs). */
export function computeDigest(data: Uint8Array | string, algorithm: DigestAlgorithm = "sha256"): string {
  return `${algorithm}:${createHash(algorithm).update(data).digest("hex")}`;
}

/** Hashes and counts bytes as they pass, with one or more algorithms at once. */
export class DigestTap {
  private readonly hashes = new Map<DigestAlgorithm, Hash>();
  private readonly results = new Map<DigestAlgorithm, string>();
  private bytes = 0;

  constructor(algorithms: readonly DigestAlgorithm[] = ["sha256"]) {
    for (const algorithm of new Set(algorithms)) this.hashes.set(algorithm, createHash(algorithm));
  }

  update(chunk: Uint8Array): void {
    this.bytes += chunk.length;
    for (const hash of this.hashes.values()) hash.update(chunk);
  }

  get size(): number {
    return this.bytes;
  }

  /** Finishes the hash for one algorithm; later updates are an error. */
  digest(algorithm: DigestAlgorithm): string {
    const known = this.results.get(algorithm);
    if (known) return known;
    const hash = this.hashes.get(algorithm);
    if (!hash) throw new Error(`this tap does not compute ${algorithm}`);
    const result = `${algorithm}:${hash.digest("hex")}`;
    this.results.set(algorithm, result);
    return result;
  }
}

/** Passes the source's chunks through unchanged while feeding them to the tap; throws `tooLarge()` past `maxBytes`. */
export async function* tapDigest(
  source: AsyncIterable<Uint8Array>,
  tap: DigestTap,
  limit?: { maxBytes: number; tooLarge: () => Error },
): AsyncGenerator<Buffer> {
  for await (const chunk of source) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (limit && tap.size + buffer.length > limit.maxBytes) throw limit.tooLarge();
    tap.update(buffer);
    yield buffer;
  }
}

/** Reads a stream to its end through a tap and returns the tap (digests and size). */
export async function digestStream(source: AsyncIterable<Uint8Array>, algorithms: readonly DigestAlgorithm[] = ["sha256"]): Promise<DigestTap> {
  const tap = new DigestTap(algorithms);
  for await (const chunk of tapDigest(source, tap)) void chunk;
  return tap;
}
