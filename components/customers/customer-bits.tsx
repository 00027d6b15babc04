"use client";

import { Badge } from "@/components/ui/badge";
import { Time } from "@/components/ui/time";
import type { CustomerJson } from "./types";

/**
 * An expiry is a calendar day: the server reads `YYYY-MM-DD` as the end of that day,
 * UTC, and answers with that instant, whose UTC date is the day again.
 */
export function expiryToDateInput(iso: string | null): string {
  return iso ? iso.slice(0, 10) : "";
}

/** The expiry day in the portal's date format (UTC, the zone it is stored in), with a badge once it has passed. */
export function ExpiryDate({ customer }: { customer: Pick<CustomerJson, "expiresAt" | "isExpired"> }) {
  if (!customer.expiresAt) return <span className="text-slate-500">Never</span>;
  return (
    <span className="inline-flex flex-wrap items-center gap-1.5">
      <Time value={customer.expiresAt} format="date" />
      {customer.isExpired ? <Badge tone="danger">Expired</Badge> : null}
    </span>
  );
}

const TYPE_TONES = { dev: "neutral", trial: "warn", paid: "ok", community: "info" } as const;

/** The license type as a small label. */
export function LicenseTypeBadge({ type }: { type: CustomerJson["type"] }) {
  return <Badge tone={TYPE_TONES[type] ?? "neutral"}>{type}</Badge>;
}

/** The license ID's first four characters and a fixed run of dots (short enough to keep commands readable). */
export function maskLicenseId(licenseId: string): string {
  return `${licenseId.slice(0, 4)}${"•".repeat(12)}`;
}
