/** TanStack Query keys for an application's customers and their pulls. */
export const customerKeys = {
  all: ["customers"] as const,
  app: (slug: string) => [...customerKeys.all, slug] as const,
  list: (slug: string, includeArchived: boolean) => [...customerKeys.app(slug), "list", includeArchived] as const,
  detail: (slug: string, id: string) => [...customerKeys.app(slug), "detail", id] as const,
  pulls: (slug: string, id: string) => [...customerKeys.app(slug), "pulls", id] as const,
  /** Which customers pulled one manifest. */
  pullers: (slug: string, digest: string) => [...customerKeys.app(slug), "pullers", digest] as const,
};
