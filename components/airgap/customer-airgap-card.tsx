"use client";

import { useQuery } from "@tanstack/react-query";
import { channelsApi } from "@/components/channels/channels-api";
import { channelKeys } from "@/components/channels/query-keys";
import { Button } from "@/components/ui/button";
import { Card, ErrorState, LoadingRows } from "@/components/ui/card";
import { CommandLine } from "@/components/ui/command-line";
import { buildAirgapCommands, formatBundleFileName } from "@/lib/airgap/airgap-commands";
import { BundleFacts } from "./airgap-bundle-panel";
import { BundleProgress } from "./bundle-progress";
import { BundleStatusBadge } from "./bundle-status-badge";
import { useAirgapBundle } from "./use-airgap-bundle";
import { IfPermitted } from "@/components/auth/permissions";

interface CustomerAirgapProps {
  slug: string;
  customer: { channel: string; airgap: boolean; licenseId: string };
  shownLicenseId: string;
  origin: string;
}

/**
 * The airgap download for one customer: the bundle of its channel's current release, its
 * size and sha256, and the commands to download, verify, load and install it, each with a
 * copy button. Customers without the entitlement see why they have none.
 */
export function CustomerAirgapCard({ slug, customer, shownLicenseId, origin }: CustomerAirgapProps) {
  const channels = useQuery({ queryKey: channelKeys.list(slug), queryFn: () => channelsApi.list(slug), enabled: customer.airgap });
  const current = channels.data?.find((channel) => channel.name === customer.channel)?.currentRelease ?? null;
  const { query, build } = useAirgapBundle(slug, current?.sequence ?? null);
  const bundle = query.data ?? null;

  return (
    <section aria-labelledby="customer-airgap-heading">
      <Card className="space-y-4 p-5">
        <h3 id="customer-airgap-heading" className="flex items-center gap-2 text-sm font-semibold text-slate-900">
          Airgap download {customer.airgap && current ? <BundleStatusBadge bundle={bundle} /> : null}
        </h3>
        {!customer.airgap ? (
          <p className="text-sm text-slate-600">This customer is not entitled to airgap bundles. Edit the customer and turn airgap on to let its license download them.</p>
        ) : channels.isPending ? (
          <LoadingRows rows={1} label="Loading the channel" />
        ) : channels.isError ? (
          <ErrorState message={`The channel could not be loaded: ${channels.error.message}`} onRetry={() => channels.refetch()} />
        ) : !current ? (
          <p className="text-sm text-slate-600">The channel {customer.channel} has no release yet. Promote a release to it first.</p>
        ) : (
          <>
            <p className="text-sm text-slate-600">
              Release {current.sequence} ({current.version}), the current release of {customer.channel}.
            </p>
            {query.isError ? <ErrorState message={`The bundle's state could not be loaded: ${query.error.message}`} onRetry={() => query.refetch()} /> : null}
            {build.isError ? <ErrorState message={`The build could not be started: ${build.error.message}`} /> : null}
            {query.isPending ? null : bundle?.status === "ready" ? (
              <>
                <BundleFacts bundle={bundle} />
                <AirgapSteps sequence={current.sequence} fileName={formatBundleFileName(slug, current.sequence)} sha256={bundle.sha256!} licenseId={customer.licenseId} shownLicenseId={shownLicenseId} origin={origin} />
              </>
            ) : bundle?.status === "building" ? (
              <BundleProgress bundle={bundle} />
            ) : (
              <div className="flex flex-wrap items-center gap-3">
                <p className="text-sm text-slate-600">{bundle?.status === "failed" ? `The last build failed: ${bundle.error}` : "Its airgap bundle has not been built yet."}</p>
                <IfPermitted permission="releases:write">
                  <Button variant="secondary" onClick={() => build.mutate()} disabled={build.isPending}>
                    {bundle?.status === "failed" ? "Retry build" : "Build the bundle"}
                  </Button>
                </IfPermitted>
              </div>
            )}
          </>
        )}
      </Card>
    </section>
  );
}

function AirgapSteps(props: { sequence: number; fileName: string; sha256: string; licenseId: string; shownLicenseId: string; origin: string }) {
  const input = { origin: props.origin, sequence: props.sequence, fileName: props.fileName, sha256: props.sha256 };
  const real = buildAirgapCommands({ ...input, licenseId: props.licenseId });
  const shown = buildAirgapCommands({ ...input, licenseId: props.shownLicenseId });
  return (
    <ol className="space-y-4" aria-label="Airgap commands">
      {real.map((step, index) => (
        <li key={step.label}>
          <p className="text-sm font-medium text-slate-800">
            {index + 1}. {step.label}
          </p>
          <CommandLine command={step.command} shown={shown[index]!.command} />
          {step.note ? <p className="mt-1 text-xs text-slate-500">{step.note}</p> : null}
        </li>
      ))}
    </ol>
  );
}
