/** Every /api/v1 route contract, one group per feature; the OpenAPI document is built from this list. */
import type { ApiRouteContract } from "./contract";
import { ACCOUNT_ROUTES } from "./accounts";
import { AIRGAP_ROUTES } from "./airgap";
import { APP_ROUTES } from "./apps";
import { IMAGE_ROUTES } from "./images";
import { META_ROUTES } from "./meta";
import { REGISTRY_ROUTES } from "./registries";
import { STORAGE_ROUTES } from "./storage";
import { TEAM_ROUTES } from "./teams";
import { CHANNEL_ROUTES, CUSTOMER_ROUTES, LICENSE_ROUTES } from "./customers";
import { QUOTA_ROUTES } from "./quotas";
import { RELEASE_ROUTES } from "./releases";

const GROUPS: Record<string, ApiRouteContract>[] = [APP_ROUTES, RELEASE_ROUTES, CHANNEL_ROUTES, CUSTOMER_ROUTES, LICENSE_ROUTES, IMAGE_ROUTES, REGISTRY_ROUTES, STORAGE_ROUTES, AIRGAP_ROUTES, QUOTA_ROUTES, TEAM_ROUTES, ACCOUNT_ROUTES, META_ROUTES];

export const API_ROUTES: readonly ApiRouteContract[] = GROUPS.flatMap((group) => Object.values(group));
