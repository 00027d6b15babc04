/** The registry API's answers as the browser receives them (dates as ISO strings): the routes' response schemas. */
import type { z } from "zod";
import type { ResponseOf } from "@/lib/api/openapi/contract";
import type { externalRegistrySchema, REGISTRY_ROUTES } from "@/lib/api/openapi/registries";

export type RegistryRow = z.infer<typeof externalRegistrySchema>;
export type ConnectionTestResult = ResponseOf<typeof REGISTRY_ROUTES.test>;
export type ConnectionStepName = ConnectionTestResult["steps"][number]["step"];
export type RegistryProxyStats = ResponseOf<typeof REGISTRY_ROUTES.proxyStats>;

/** What the form sends; on edit a blank password keeps the stored one. */
export interface RegistryFormValues {
  name: string;
  endpoint: string;
  username: string;
  password: string;
}
