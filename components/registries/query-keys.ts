/** TanStack Query keys for the team's external registries. */
export const registryKeys = {
  all: ["registries"] as const,
  list: () => [...registryKeys.all, "list"] as const,
  proxy: (name: string) => [...registryKeys.all, "proxy", name] as const,
};
