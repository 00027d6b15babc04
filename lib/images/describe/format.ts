/** Small formatters for the images pages: sizes, digests and ages. */

const BYTE_UNITS = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
/** Shown for a size or time that is missing or nonsensical. */
export const UNKNOWN_VALUE = "—";

/**
 * Formats a byte count in binary units with one decimal (`1.5 MiB`); whole bytes stay
 * whole (`512 B`). Negative or non-finite input gives "—".
 */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return UNKNOWN_VALUE;
  if (Math.round(bytes) < 1024) return `${Math.round(bytes)} B`;
  let unit = 0;
  let value = bytes;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  // 1023.96 KiB would print as "1024.0 KiB"; carry it into the next unit instead.
  if (Number(value.toFixed(1)) >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${BYTE_UNITS[unit]}`;
}

/**
 * The first 12 characters of a digest's encoded part (`sha256:abcdef…` → `abcdef123456`),
 * the length docker shows. A string without an algorithm prefix is shortened as is.
 */
export function shortDigest(digest: string): string {
  const colon = digest.indexOf(":");
  return (colon === -1 ? digest : digest.slice(colon + 1)).slice(0, 12);
}

const RELATIVE_STEPS: [limitSeconds: number, unit: Intl.RelativeTimeFormatUnit, seconds: number][] = [
  [3600, "minute", 60],
  [86400, "hour", 3600],
  [86400 * 30, "day", 86400],
  [86400 * 365, "month", 86400 * 30],
  [Infinity, "year", 86400 * 365],
];
const RELATIVE_FORMAT = new Intl.RelativeTimeFormat("en", { numeric: "always" });

/**
 * Describes `date` relative to `now` in English ("3 hours ago", "in 2 days"); under a
 * minute either way is "just now". An unparseable date gives "—".
 */
export function formatRelativeTime(date: Date | string | number, now: Date | number = Date.now()): string {
  const then = new Date(date).getTime();
  const reference = new Date(now).getTime();
  if (Number.isNaN(then) || Number.isNaN(reference)) return UNKNOWN_VALUE;
  const seconds = (then - reference) / 1000;
  const magnitude = Math.abs(seconds);
  if (magnitude < 60) return "just now";
  const [, unit, unitSeconds] = RELATIVE_STEPS.find(([limit]) => magnitude < limit)!;
  const amount = Math.max(1, Math.floor(magnitude / unitSeconds));
  return RELATIVE_FORMAT.format(seconds < 0 ? -amount : amount, unit);
}
