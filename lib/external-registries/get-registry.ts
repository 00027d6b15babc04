/** One external registry of the team. */
import { registriesVisibleTo } from "@/lib/auth/access";
import type { Principal } from "@/lib/auth/principal";
import { notFound } from "@/lib/errors";
import { REGISTRY_VIEW_SELECT, toRegistryView, type ExternalRegistryView } from "./registry-view";
import { resolveDb, type ServiceOptions } from "./service-options";

/** The registry with this name in the principal's team; another team's reads as `not_found`. */
export async function getRegistry(principal: Pick<Principal, "teamId">, name: string, options: ServiceOptions = {}): Promise<ExternalRegistryView> {
  const row = await resolveDb(options).externalRegistry.findFirst({
    where: { name, ...registriesVisibleTo(principal) },
    select: REGISTRY_VIEW_SELECT,
  });
  if (!row) throw notFound(`External registry "${name}"`);
  return toRegistryView(row);
}
