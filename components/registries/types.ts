/** The registry API's answers as the browser receives them (dates as ISO strings). */
import type { ExternalRegistryView } from "@/lib/external-registries/registry-view";
import type { ConnectionStepName, ConnectionTestResult } from "@/lib/external/test-registry-connection";

type AsJson<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] };

export type RegistryRow = AsJson<ExternalRegistryView>;
export type { ConnectionStepName, ConnectionTestResult };
export type { RegistryProxyStats } from "@/lib/external-registries/get-registry-proxy-stats";

/** What the form sends; on edit a blank password keeps the stored one. */
export interface RegistryFormValues {
  name: string;
  endpoint: string;
  username: string;
  password: string;
}
