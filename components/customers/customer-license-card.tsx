"use client";

import { useMutation } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { Card, ErrorState } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { customersApi } from "./customers-api";
import type { CustomerJson } from "./types";
import { IfPermitted } from "@/components/auth/permissions";

/** The license ID (masked until revealed, always copyable), the two downloads, and rotation. */
export function CustomerLicenseCard({
  slug,
  customer,
  shownLicenseId,
  isRevealed,
  onToggleReveal,
  onRotate,
}: {
  slug: string;
  customer: CustomerJson;
  shownLicenseId: string;
  isRevealed: boolean;
  onToggleReveal: () => void;
  onRotate: () => void;
}) {
  const download = useMutation({
    mutationFn: (file: "license" | "install") => (file === "license" ? customersApi.downloadLicense(slug, customer) : customersApi.downloadInstallYaml(slug, customer)),
  });
  return (
    <Card className="space-y-4 p-5">
      <div>
        <h3 className="text-sm font-semibold text-slate-900">License</h3>
        <p className="mt-1 text-sm text-slate-600">The customer&apos;s registry login and install key. Only your team sees it in full.</p>
      </div>
      <dl>
        <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">License ID</dt>
        <dd className="mt-1 flex flex-wrap items-center gap-2">
          <code data-testid="license-id" className="break-all rounded bg-slate-100 px-2 py-1 font-mono text-sm text-slate-900">
            {shownLicenseId}
          </code>
          <Button variant="secondary" className="px-2 py-1 text-xs" aria-pressed={isRevealed} onClick={onToggleReveal}>
            {isRevealed ? "Hide" : "Reveal"}
          </Button>
          <CopyButton value={customer.licenseId} shownValue="license ID" label="Copy" />
        </dd>
      </dl>
      <div className="flex flex-wrap gap-2">
        <Button onClick={() => download.mutate("license")} disabled={download.isPending}>
          Download license
        </Button>
        <Button variant="secondary" onClick={() => download.mutate("install")} disabled={download.isPending}>
          Download install YAML
        </Button>
        <IfPermitted permission="customers:write">
          <Button variant="ghost" onClick={onRotate}>
            Rotate license…
          </Button>
        </IfPermitted>
      </div>
      {download.isError ? <ErrorState message={`${download.variables === "license" ? "The license" : "The install YAML"} could not be downloaded: ${download.error.message}`} /> : null}
    </Card>
  );
}
