/** The browser's calls to /api/v1/registries. */
import { apiFetch } from "@/components/ui/api-client";
import type { ConnectionTestResult, RegistryFormValues, RegistryProxyStats, RegistryRow } from "./types";

const pathOf = (name: string) => `/registries/${encodeURIComponent(name)}`;

export const registriesApi = {
  list: () => apiFetch<{ registries: RegistryRow[] }>("/registries").then((body) => body.registries),
  create: (values: RegistryFormValues) => apiFetch<{ registry: RegistryRow }>("/registries", { method: "POST", json: values }).then((body) => body.registry),
  update: (name: string, values: RegistryFormValues) =>
    apiFetch<{ registry: RegistryRow }>(pathOf(name), { method: "PATCH", json: values }).then((body) => body.registry),
  remove: (name: string) => apiFetch<void>(pathOf(name), { method: "DELETE" }),
  testConnection: (name: string, lookUp: { image: string; tag: string }) =>
    apiFetch<ConnectionTestResult>(`${pathOf(name)}/test`, { method: "POST", json: lookUp }),
  proxyStats: (name: string) => apiFetch<RegistryProxyStats>(`${pathOf(name)}/proxy`),
};
