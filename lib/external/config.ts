/**
 * Operator settings for external registries, read from the environment once per
 * process: `EXTERNAL_REGISTRY_ALLOW` (hosts and CIDRs exempt from the SSRF guard).
 */
import { getConfig } from "@/lib/config";
import { parseAllowList, type AllowList } from "./address-guard";

let cachedAllowList: AllowList | undefined;

/**
 * The operator's allow list from `EXTERNAL_REGISTRY_ALLOW`; empty when unset. Throws on
 * a malformed entry. Cached for the process when read from the configuration.
 */
export function getExternalRegistryAllowList(env?: Record<string, string | undefined>): AllowList {
  if (env) return parseAllowList(env.EXTERNAL_REGISTRY_ALLOW);
  cachedAllowList ??= parseAllowList(getConfig().EXTERNAL_REGISTRY_ALLOW);
  return cachedAllowList;
}
