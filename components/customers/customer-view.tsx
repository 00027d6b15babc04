"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type ReactNode } from "react";
import { CustomerAirgapCard } from "@/components/airgap/customer-airgap-card";
import { buildChannelHref } from "@/components/channels/channels-api";
import { RelativeTime } from "@/components/images/image-bits";
import { Badge } from "@/components/ui/badge";
import { Breadcrumb } from "@/components/ui/breadcrumb";
import { Button } from "@/components/ui/button";
import { Card, ErrorState, Notice } from "@/components/ui/card";
import { CustomerArchiveDialog } from "./customer-archive-dialog";
import { ExpiryDate, LicenseTypeBadge, maskLicenseId } from "./customer-bits";
import { CustomerFormDialog } from "./customer-form-dialog";
import { CustomerInstallSteps } from "./customer-install-steps";
import { CustomerLicenseCard } from "./customer-license-card";
import { CustomerPulls } from "./customer-pulls";
import { CustomerRotateLicenseDialog } from "./customer-rotate-license-dialog";
import { customersApi } from "./customers-api";
import { customerKeys } from "./query-keys";
import type { CustomerJson } from "./types";
import { usePermission } from "@/components/auth/permissions";

type Dialog = "edit" | "archive" | "rotate" | null;

/** One customer: details and edit, archive or restore, the license with its downloads and rotation, the customer's commands, and its pulls. */
export function CustomerView({ slug, initial, registryHost, origin }: { slug: string; initial: CustomerJson; registryHost: string; origin: string }) {
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey: customerKeys.detail(slug, initial.id), queryFn: () => customersApi.get(slug, initial.id), initialData: initial });
  const customer = query.data;
  const [dialog, setDialog] = useState<Dialog>(null);
  const [notice, setNotice] = useState<ReactNode>(null);
  const [isRevealed, setIsRevealed] = useState(false);
  const canWrite = usePermission("customers:write").isAllowed;
  const restore = useMutation({
    mutationFn: () => customersApi.update(slug, customer.id, { archived: false }),
    onSuccess: async (restored) => {
      queryClient.setQueryData(customerKeys.detail(slug, customer.id), restored);
      await queryClient.invalidateQueries({ queryKey: customerKeys.app(slug) });
      setNotice(`Restored “${restored.name}”: its license works again.`);
    },
  });
  const shownLicenseId = isRevealed ? customer.licenseId : maskLicenseId(customer.licenseId);
  const done = (message: ReactNode) => {
    setDialog(null);
    setNotice(message);
  };

  return (
    <div className="space-y-4">
      <Breadcrumb label="Customers" parents={[{ href: `/apps/${slug}/customers`, label: "Customers" }]} current={customer.name} />
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 className="flex flex-wrap items-center gap-2 text-lg font-semibold text-slate-900">
            {customer.name}
            <LicenseTypeBadge type={customer.type} />
            {customer.archived ? <Badge>Archived</Badge> : null}
            {customer.isExpired ? <Badge tone="danger">Expired</Badge> : null}
          </h2>
          <p className="text-sm text-slate-600">
            On{" "}
            <Link href={buildChannelHref(slug, customer.channel)} className="font-medium text-brand-700 hover:underline">
              {customer.channel}
            </Link>
            {customer.email ? ` · ${customer.email}` : ""}
          </p>
        </div>
        <div className="flex flex-wrap gap-2" hidden={!canWrite}>
          <Button variant="secondary" onClick={() => setDialog("edit")}>
            Edit
          </Button>
          {customer.archived ? (
            <Button variant="secondary" onClick={() => restore.mutate()} disabled={restore.isPending}>
              {restore.isPending ? "Restoring…" : "Restore"}
            </Button>
          ) : (
            <Button variant="ghost" onClick={() => setDialog("archive")}>
              Archive
            </Button>
          )}
        </div>
      </div>

      <Notice>{notice}</Notice>
      {restore.isError ? <ErrorState message={restore.error.message} /> : null}
      {query.isError ? <ErrorState message={`Could not refresh this customer: ${query.error.message}`} onRetry={() => query.refetch()} /> : null}
      {customer.archived ? (
        <p role="status" className="rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-950">
          This customer is archived: its license no longer works for logins, pulls or the install YAML. Restore it to let it pull again.
        </p>
      ) : customer.isExpired ? (
        <p role="status" className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
          This license has expired: registry logins and pulls with it are refused. Edit the customer to move the expiry date, then send the new license file.
        </p>
      ) : null}

      <div className="grid gap-4 lg:grid-cols-2">
        <CustomerDetails slug={slug} customer={customer} />
        <CustomerLicenseCard
          slug={slug}
          customer={customer}
          shownLicenseId={shownLicenseId}
          isRevealed={isRevealed}
          onToggleReveal={() => setIsRevealed(!isRevealed)}
          onRotate={() => setDialog("rotate")}
        />
      </div>
      <CustomerInstallSteps slug={slug} registryHost={registryHost} origin={origin} licenseId={customer.licenseId} shownLicenseId={shownLicenseId} />
      <CustomerAirgapCard slug={slug} customer={customer} shownLicenseId={shownLicenseId} origin={origin} />
      <CustomerPulls slug={slug} customerId={customer.id} />

      {dialog === "edit" ? <CustomerFormDialog slug={slug} customer={customer} onClose={() => setDialog(null)} onSaved={(saved) => done(`Saved “${saved.name}”. Send the customer the new license file.`)} /> : null}
      {dialog === "archive" ? <CustomerArchiveDialog slug={slug} customer={customer} onClose={() => setDialog(null)} onArchived={(archived) => done(`Archived “${archived.name}”. Its license stopped working.`)} /> : null}
      {dialog === "rotate" ? (
        <CustomerRotateLicenseDialog slug={slug} customer={customer} onClose={() => setDialog(null)} onRotated={() => done("Rotated the license: the old ID no longer works. Download the new license file for the customer.")} />
      ) : null}
    </div>
  );
}

function CustomerDetails({ slug, customer }: { slug: string; customer: CustomerJson }) {
  const rows: [string, ReactNode][] = [
    ["E-mail", customer.email ?? <span className="text-slate-400">—</span>],
    [
      "Channel",
      <Link key="channel" href={buildChannelHref(slug, customer.channel)} className="text-brand-700 hover:underline">
        {customer.channel}
      </Link>,
    ],
    ["License type", <LicenseTypeBadge key="type" type={customer.type} />],
    ["Expires", <ExpiryDate key="expiry" customer={customer} />],
    ["Airgap", customer.airgap ? "Entitled to airgap bundles" : "Not entitled"],
    ["Created", <ByLine key="created" iso={customer.createdAt} person={customer.createdBy} />],
    ["Updated", <ByLine key="updated" iso={customer.updatedAt} person={customer.updatedBy} />],
  ];
  return (
    <Card className="p-5">
      <h3 className="text-sm font-semibold text-slate-900">Details</h3>
      <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
        {rows.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="text-slate-500">{label}</dt>
            <dd className="min-w-0 break-words text-slate-900">{value}</dd>
          </div>
        ))}
      </dl>
    </Card>
  );
}

function ByLine({ iso, person }: { iso: string; person: CustomerJson["createdBy"] }) {
  return (
    <>
      <RelativeTime iso={iso} /> by <span title={person.email}>{person.name}</span>
    </>
  );
}
