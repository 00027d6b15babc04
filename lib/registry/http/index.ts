// The /v2/ registry as a plain Node handler; scripts/server mounts it in front of Next.js.
export { createRegistryHandler } from "@/lib/registry/http/registry-handler";
export type { LicensePullEvent, RegistryHandlerOptions, RegistryIdentity, RegistryLogger } from "@/lib/registry/http/context";
