/** TanStack Query keys for airgap bundles. */
export const airgapKeys = {
  all: ["airgap"] as const,
  bundle: (slug: string, sequence: number) => [...airgapKeys.all, slug, sequence] as const,
};
