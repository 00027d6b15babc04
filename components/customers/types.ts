/** The customer API's answers as the browser receives them (dates as ISO strings): the routes' response schemas. */
import type { z } from "zod";
import type { CUSTOMER_ROUTES, customerSchema } from "@/lib/api/openapi/customers";
import type { ResponseOf } from "@/lib/api/openapi/contract";
import type { LicenseType } from "@/lib/customers/customer-input";

export type CustomerJson = z.infer<typeof customerSchema>;

/** What the form sends: the expiry as a day (`YYYY-MM-DD`), `null` clearing it on edit; an empty e-mail clears it. */
export interface CustomerInput {
  name: string;
  email: string;
  channel: string;
  type: LicenseType;
  expiresAt: string | null;
  airgap: boolean;
}

export type CustomerPullsJson = ResponseOf<typeof CUSTOMER_ROUTES.pulls>;
export type PullJson = CustomerPullsJson["pulls"][number];
export type DigestPullerJson = ResponseOf<typeof CUSTOMER_ROUTES.digestPullers>["customers"][number];
