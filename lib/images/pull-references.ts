/** What people paste into `docker pull`: a manifest by digest (immutable) and by tag. */

/** `<host>/<repository>@<digest>` and, when a tag is given, `<host>/<repository>:<tag>`. */
export function buildPullReferences(registryHost: string, repository: string, digest: string, tag: string | null): { byDigest: string; byTag: string | null } {
  return { byDigest: `${registryHost}/${repository}@${digest}`, byTag: tag === null ? null : `${registryHost}/${repository}:${tag}` };
}
