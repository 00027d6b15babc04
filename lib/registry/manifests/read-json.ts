/**
 * Defensive readers for manifest and config JSON that came from the outside world:
 * each returns undefined (or an empty value) for anything of the wrong shape.
 */

export type JsonRecord = Record<string, unknown>;

/** Accepts parsed JSON, a JSON string or bytes; returns undefined when it is not valid JSON. */
export function parseJsonInput(input: unknown): unknown {
  if (input instanceof Uint8Array) input = new TextDecoder().decode(input);
  if (typeof input !== "string") return input;
  try {
    return JSON.parse(input);
  } catch {
    return undefined;
  }
}

/** The value as a plain object, or undefined for null, arrays and primitives. */
export function readRecord(value: unknown): JsonRecord | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as JsonRecord) : undefined;
}

/** A non-empty string, or undefined. */
export function readString(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** The string-valued entries of an object (OCI annotations and labels are string maps). */
export function readStringMap(value: unknown): Record<string, string> {
  const record = readRecord(value);
  const result: Record<string, string> = {};
  if (!record) return result;
  for (const [key, entry] of Object.entries(record)) {
    if (typeof entry === "string") result[key] = entry;
  }
  return result;
}

/** A list of strings; a lone string becomes a one-element list, other items are dropped. */
export function readStringList(value: unknown): string[] | undefined {
  if (typeof value === "string") return [value];
  if (!Array.isArray(value)) return undefined;
  return value.filter((item): item is string => typeof item === "string");
}

/** A non-negative safe integer, or undefined. */
export function readSize(value: unknown): number | undefined {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}
