/** TanStack Query keys for an application's images. */
export const imageKeys = {
  all: ["images"] as const,
  app: (slug: string) => [...imageKeys.all, slug] as const,
  repositories: (slug: string, q: string) => [...imageKeys.app(slug), "repositories", q] as const,
  tags: (slug: string, repo: string, q: string) => [...imageKeys.app(slug), "tags", repo, q] as const,
  /** The newest tag and the count: polled to notice pushes and deletes without refetching every loaded page. */
  tagsHead: (slug: string, repo: string, q: string) => [...imageKeys.app(slug), "tags-head", repo, q] as const,
  manifest: (slug: string, repo: string, reference: string) => [...imageKeys.app(slug), "manifest", repo, reference] as const,
};
