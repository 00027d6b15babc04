/** TanStack Query keys for an application's storage and garbage collection. */
export const storageKeys = {
  all: ["storage"] as const,
  app: (slug: string) => [...storageKeys.all, slug] as const,
};
