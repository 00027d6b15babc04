// The registry asks here; the rule itself lives with every other rule in access.ts.
export { grantRegistryActions, listPullableAppSlugs, type RegistryAction } from "./access";
export type { RegistryIdentity, RegistryLicenseIdentity, RegistryUserIdentity } from "./registry-credentials";
