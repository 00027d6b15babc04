/**
 * The hand-written paths of the route groups that have no contracts yet, merged into the
 * generated document while the groups move to contracts one by one. Each group leaves this
 * list as its contracts land in ./routes.ts; the file goes when the list is empty.
 */
import { ACCOUNT_PATHS, ACCOUNT_SCHEMAS } from "./account-paths";
import { SHARED_SCHEMAS } from "./shared";
import { TEAM_PATHS, TEAM_SCHEMAS } from "./team-paths";

export const LEGACY_PATHS: Record<string, Record<string, unknown>> = {
  ...ACCOUNT_PATHS,
  ...TEAM_PATHS,
};

export const LEGACY_SCHEMAS: Record<string, unknown> = {
  LegacyError: SHARED_SCHEMAS.Error,
  ...ACCOUNT_SCHEMAS,
  ...TEAM_SCHEMAS,
};
