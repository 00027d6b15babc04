/** What the release preview needs to know about one application, loaded within the caller's team. */
import { getAppForPrincipalOrThrow } from "@/lib/auth/access";
import type { Principal } from "@/lib/auth/principal";
import { resolveRegistryHost } from "@/lib/config";
import type { ReleaseContext } from "@/lib/releases";
import { listRegistrySources } from "./list-registry-sources";

export interface AppPreviewContext {
  app: { id: string; slug: string; teamId: string };
  context: ReleaseContext;
}

/** The app (404 for another team's) with its registry host and the team's external registries. */
export async function getPreviewContext(principal: Pick<Principal, "teamId">, slug: string): Promise<AppPreviewContext> {
  const app = await getAppForPrincipalOrThrow(principal, slug);
  const externalRegistries = await listRegistrySources(app.teamId);
  return {
    app: { id: app.id, slug: app.slug, teamId: app.teamId },
    context: { registryHost: resolveRegistryHost(), appSlug: app.slug, externalRegistries },
  };
}
