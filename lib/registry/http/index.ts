// The /v2/ registry as a plain Node handler; scripts/server mounts it in front of Next.js.
export { createRegistryHandler } from "@/lib/registry/http/registry-handler";
export type { BasicAuthResult, RegistryHandlerOptions, RegistryLogger } from "@/lib/registry/http/context";
