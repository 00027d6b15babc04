/** The browser's calls to /api/v1/apps/{slug}/customers and the pull ledger. */
import { apiDownload, apiFetch } from "@/components/ui/api-client";
import { deriveSlug } from "@/lib/apps/slug";
import type { CustomerInput, CustomerJson, CustomerPullsJson, DigestPullerJson } from "./types";

/** How often the pull lists look for new pulls: a customer's `docker pull` shows up within seconds. */
export const PULLS_POLL_INTERVAL_MS = 3_000;

const listPath = (slug: string) => `/apps/${encodeURIComponent(slug)}/customers`;
const customerPath = (slug: string, id: string) => `${listPath(slug)}/${encodeURIComponent(id)}`;
const one = (request: Promise<{ customer: CustomerJson }>) => request.then((body) => body.customer);

export const customersApi = {
  list: (slug: string, includeArchived: boolean) =>
    apiFetch<{ customers: CustomerJson[] }>(`${listPath(slug)}${includeArchived ? "?archived=include" : ""}`).then((body) => body.customers),
  get: (slug: string, id: string) => one(apiFetch(customerPath(slug, id))),
  create: (slug: string, input: CustomerInput) => one(apiFetch(listPath(slug), { method: "POST", json: input })),
  update: (slug: string, id: string, patch: Partial<CustomerInput> & { archived?: boolean }) => one(apiFetch(customerPath(slug, id), { method: "PATCH", json: patch })),
  rotateLicense: (slug: string, id: string) => one(apiFetch(`${customerPath(slug, id)}/rotate-license`, { method: "POST" })),
  pulls: (slug: string, id: string) => apiFetch<CustomerPullsJson>(`${customerPath(slug, id)}/pulls`),
  pullers: (slug: string, digest: string) =>
    apiFetch<{ customers: DigestPullerJson[] }>(`/apps/${encodeURIComponent(slug)}/pulls?digest=${encodeURIComponent(digest)}`).then((body) => body.customers),
  downloadLicense: (slug: string, customer: CustomerJson) => apiDownload(`${customerPath(slug, customer.id)}/license`, `${deriveSlug(customer.name) || "customer"}-license.yaml`),
  downloadInstallYaml: (slug: string, customer: CustomerJson) =>
    apiDownload(`${customerPath(slug, customer.id)}/install.yaml`, `${deriveSlug(customer.name) || "customer"}-install.yaml`),
};

export function buildCustomerHref(slug: string, id: string): string {
  return `/apps/${slug}/customers/${id}`;
}
