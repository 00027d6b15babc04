/** TanStack Query keys for teams: members, invitations, service accounts, the audit log. */
export const teamKeys = {
  all: ["team"] as const,
  members: () => [...teamKeys.all, "members"] as const,
  invitations: () => [...teamKeys.all, "invitations"] as const,
  serviceAccounts: () => [...teamKeys.all, "service-accounts"] as const,
  audit: (filters: Record<string, string>) => [...teamKeys.all, "audit", filters] as const,
  account: () => ["account"] as const,
};
