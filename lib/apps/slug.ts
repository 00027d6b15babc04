/**
 * Application slugs: the first path segment of every repository in the application's
 * registry, so they are unique across the installation and never change.
 */

export const SLUG_MIN_LENGTH = 2;
export const SLUG_MAX_LENGTH = 40;
/** Path segments the server itself routes on, or will. */
export const RESERVED_SLUGS = ["v2", "proxy", "token", "api", "static", "_next"] as const;

const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A slug suggestion for an application name: ASCII-folded, lowercase, single hyphens. */
export function deriveSlug(name: string): string {
  const folded = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "") // strip the accents NFKD split off
    .replace(/ß/g, "ss")
    .replace(/[æÆ]/g, "ae")
    .replace(/[øØ]/g, "o")
    .replace(/[łŁ]/g, "l")
    .toLowerCase();
  const slug = folded
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, SLUG_MAX_LENGTH)
    .replace(/-+$/, "");
  return slug;
}

/** Why a slug is not acceptable, or null. */
export function explainSlug(slug: string): string | null {
  if (slug.length < SLUG_MIN_LENGTH) return `must be at least ${SLUG_MIN_LENGTH} characters`;
  if (slug.length > SLUG_MAX_LENGTH) return `must be at most ${SLUG_MAX_LENGTH} characters`;
  if ((RESERVED_SLUGS as readonly string[]).includes(slug)) return `"${slug}" is reserved by the portal; choose another slug`;
  if (/[A-Z]/.test(slug)) return "must be lowercase";
  if (!SLUG_PATTERN.test(slug)) return "may contain only lowercase letters, digits and single hyphens, and may not start or end with a hyphen";
  return null;
}
