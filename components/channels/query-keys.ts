/** TanStack Query keys for an application's channels and their promotions. */
export const channelKeys = {
  all: ["channels"] as const,
  app: (slug: string) => [...channelKeys.all, slug] as const,
  list: (slug: string) => [...channelKeys.app(slug), "list"] as const,
  history: (slug: string, name: string) => [...channelKeys.app(slug), "history", name] as const,
};
