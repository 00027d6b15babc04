/** TanStack Query keys for an application's releases. */
export const releaseKeys = {
  all: ["releases"] as const,
  app: (slug: string) => [...releaseKeys.all, slug] as const,
  list: (slug: string) => [...releaseKeys.app(slug), "list"] as const,
  /** The newest releases as one page, for choosing what to compare. */
  choices: (slug: string) => [...releaseKeys.app(slug), "choices"] as const,
  detail: (slug: string, sequence: number) => [...releaseKeys.app(slug), "detail", sequence] as const,
  compare: (slug: string, from: number, to: number) => [...releaseKeys.app(slug), "compare", from, to] as const,
  /** Live look-ups depend only on which of the app's tags the text names, not on the rest of the text. */
  lookups: (slug: string, lookupKeys: string) => [...releaseKeys.app(slug), "lookups", lookupKeys] as const,
};
