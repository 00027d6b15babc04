/** The team's external registries. */
import { registriesVisibleTo } from "@/lib/auth/access";
import type { Principal } from "@/lib/auth/principal";
import { REGISTRY_VIEW_SELECT, toRegistryView, type ExternalRegistryView } from "./registry-view";
import { resolveDb, type ServiceOptions } from "./service-options";

/** Every registry of the principal's team, by name. */
export async function listRegistries(principal: Pick<Principal, "teamId">, options: ServiceOptions = {}): Promise<ExternalRegistryView[]> {
  const rows = await resolveDb(options).externalRegistry.findMany({
    where: registriesVisibleTo(principal),
    orderBy: { name: "asc" },
    select: REGISTRY_VIEW_SELECT,
  });
  return rows.map((row) => toRegistryView(row));
}
