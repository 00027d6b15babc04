/** The customer API's answers as the browser receives them (dates as ISO strings). */
import type { Jsonified } from "@/components/releases/types";
import type { LicenseType } from "@/lib/customers/customer-input";
import type { CustomerView } from "@/lib/customers/customers";
import type { CustomerPull, DigestPuller, ImagePullCount } from "@/lib/customers/pull-ledger-queries";

export type CustomerJson = Jsonified<CustomerView>;

/** What the form sends: the expiry as a day (`YYYY-MM-DD`), `null` clearing it on edit; an empty e-mail clears it. */
export interface CustomerInput {
  name: string;
  email: string;
  channel: string;
  type: LicenseType;
  expiresAt: string | null;
  airgap: boolean;
}

export type PullJson = CustomerPull;
export type CustomerPullsJson = { pulls: CustomerPull[]; images: ImagePullCount[] };
export type DigestPullerJson = DigestPuller;
