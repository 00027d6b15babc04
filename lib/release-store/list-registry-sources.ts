/** The team's registered external registries as the release preview needs them. */
import { registriesVisibleTo } from "@/lib/auth/access";
import { prisma } from "@/lib/db/client";

/** `{name, endpoint}` of every external registry the team has registered, by name. */
export function listRegistrySources(teamId: string): Promise<{ name: string; endpoint: string }[]> {
  return prisma.externalRegistry.findMany({
    where: registriesVisibleTo({ teamId }),
    select: { name: true, endpoint: true },
    orderBy: { name: "asc" },
  });
}
