/**
 * Units for settings: sizes (`20GiB`, `512MiB`, `10GB`, plain bytes) and durations
 * (`500ms`, `30s`, `5m`, `24h`, `7d`). Binary units are powers of 1024, decimal ones of
 * 1000; a bare number is bytes or, for durations, refused (a unit is always written).
 */
const SIZE_UNITS: Record<string, number> = {
  "": 1, b: 1,
  kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12,
  kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30, tib: 2 ** 40,
};
const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `20GiB` → bytes; throws for anything else (the caller names the variable). */
export function parseSize(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim());
  const unit = match ? SIZE_UNITS[match[2]!.toLowerCase()] : undefined;
  if (!match || unit === undefined) throw new Error(`not a size: ${text}`);
  const bytes = Math.round(Number(match[1]) * unit);
  if (!Number.isSafeInteger(bytes)) throw new Error(`size too large: ${text}`);
  return bytes;
}

/** `30s` → milliseconds; throws for anything else (the caller names the variable). */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/i.exec(text.trim());
  if (!match) throw new Error(`not a duration: ${text}`);
  return Math.round(Number(match[1]) * DURATION_UNITS[match[2]!.toLowerCase()]!);
}

/** Bytes as the largest binary unit that keeps a whole number (`21474836480` → `20GiB`). */
export function formatSize(bytes: number): string {
  for (const [unit, size] of [["TiB", 2 ** 40], ["GiB", 2 ** 30], ["MiB", 2 ** 20], ["KiB", 2 ** 10]] as const) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size}${unit}`;
  }
  return `${bytes}B`;
}
