/**
 * REGISTRY_GC_GRACE: how long a blob (or an untagged manifest) must have gone unreferenced
 * before the garbage collector may delete it. Default 24h; accepts s, m, h (and d) units.
 * The grace is what lets a client that checked a blob exist push its manifest later.
 */
import { getConfig } from "@/lib/config";

export const DEFAULT_GC_GRACE_MS = 24 * 60 * 60 * 1000;

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Parses "90s", "30m", "24h", "7d" into milliseconds; throws a message naming the variable otherwise. */
export function parseGcGrace(text: string, name = "REGISTRY_GC_GRACE"): number {
  const match = /^(\d+)\s*([smhd])$/i.exec(text.trim());
  if (!match) throw new Error(`${name} must be a number with a unit s, m, h or d (for example 24h), not ${JSON.stringify(text)}`);
  return Number(match[1]) * UNIT_MS[match[2]!.toLowerCase() as keyof typeof UNIT_MS];
}

/** The grace from the configuration (default 24h), or from `env` when given (tests). */
export function resolveGcGraceMs(env?: Record<string, string | undefined>): number {
  if (!env) return getConfig().REGISTRY_GC_GRACE;
  const raw = env.REGISTRY_GC_GRACE?.trim();
  return raw ? parseGcGrace(raw) : DEFAULT_GC_GRACE_MS;
}
