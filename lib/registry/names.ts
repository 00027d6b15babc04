/**
 * The OCI Distribution Specification's grammar for repository names, tags and
 * digests (spec "Pulling manifests"; the reference grammar of distribution/reference).
 * Validators return null when valid, otherwise a sentence saying what is wrong.
 */

/** Spec: `[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*` */
export const PATH_COMPONENT = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*$/;
/** Spec: `[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}` */
export const TAG_PATTERN = /^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$/;
/** Spec: `[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+` */
export const DIGEST_PATTERN = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

/** Docker and distribution cap a full repository name at 255 characters. */
export const MAX_REPOSITORY_NAME_LENGTH = 255;
export const MAX_TAG_LENGTH = 128;

/** Explains why one path component (between slashes) is invalid, or null. */
export function explainPathComponent(component: string): string | null {
  if (component === "") return "has an empty path segment (two slashes in a row, or a leading or trailing slash)";
  if (component === "." || component === "..") return `may not contain "${component}" as a path segment`;
  if (/[A-Z]/.test(component)) return `"${component}" has uppercase letters; repository names are lowercase`;
  if (/[^a-z0-9._-]/.test(component)) {
    const bad = component.match(/[^a-z0-9._-]/)![0];
    return `"${component}" contains "${bad}"; only lowercase letters, digits and the separators . _ __ - are allowed`;
  }
  if (!/^[a-z0-9]/.test(component)) return `"${component}" must start with a lowercase letter or digit`;
  if (!/[a-z0-9]$/.test(component)) return `"${component}" must end with a lowercase letter or digit`;
  if (!PATH_COMPONENT.test(component)) return `"${component}" has separators in a row that the grammar does not allow (only ".", "_", "__" or dashes)`;
  return null;
}

/** Explains why a repository name (one or more components joined by "/") is invalid, or null. */
export function explainRepositoryName(name: string): string | null {
  if (name.length === 0) return "the image name is empty";
  if (name.length > MAX_REPOSITORY_NAME_LENGTH) return `the name is ${name.length} characters long; the limit is ${MAX_REPOSITORY_NAME_LENGTH}`;
  for (const component of name.split("/")) {
    const reason = explainPathComponent(component);
    if (reason) return reason;
  }
  return null;
}

/** Explains why a tag is invalid, or null. */
export function explainTag(tag: string): string | null {
  if (tag.length === 0) return "the tag is empty";
  if (tag.length > MAX_TAG_LENGTH) return `the tag is ${tag.length} characters long; the limit is ${MAX_TAG_LENGTH}`;
  if (tag.startsWith(".") || tag.startsWith("-")) return `a tag may not start with "${tag[0]}"; start it with a letter, digit or underscore`;
  const bad = tag.match(/[^a-zA-Z0-9._-]/);
  if (bad) return `the tag contains "${bad[0]}"; only letters, digits, ".", "_" and "-" are allowed`;
  return null;
}

export function isValidRepositoryName(name: string): boolean {
  return explainRepositoryName(name) === null;
}

export function isValidTag(tag: string): boolean {
  return TAG_PATTERN.test(tag);
}

export function isDigest(reference: string): boolean {
  return DIGEST_PATTERN.test(reference);
}

/**
 * Explains why a name cannot be one of Slipway's repositories, or null. Beyond the OCI
 * grammar, a repository is `<app slug>/<path>`: at least two path components.
 */
export function explainAppRepositoryName(name: string): string | null {
  const reason = explainRepositoryName(name);
  if (reason) return reason;
  if (!name.includes("/")) return `"${name}" has no image path; repositories are named <application>/<image>`;
  return null;
}

/** The application slug a repository belongs to: its first path component. */
export function repositoryAppSlug(name: string): string {
  const slash = name.indexOf("/");
  return slash === -1 ? name : name.slice(0, slash);
}
