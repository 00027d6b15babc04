"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type ReactNode } from "react";
import { RelativeTime } from "@/components/images/image-bits";
import { SearchBox } from "@/components/images/search-box";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState, ErrorState, LoadingRows, SectionHeader } from "@/components/ui/card";
import { Cell, Table } from "@/components/ui/table";
import { ExpiryDate, LicenseTypeBadge } from "./customer-bits";
import { CustomerFormDialog } from "./customer-form-dialog";
import { buildCustomerHref, customersApi } from "./customers-api";
import { customerKeys } from "./query-keys";
import type { CustomerJson } from "./types";
import { PermissionNote, usePermission } from "@/components/auth/permissions";

const COLUMNS = [{ label: "Customer" }, { label: "Channel" }, { label: "Type" }, { label: "Expires" }, { label: "Airgap" }, { label: "Updated" }];

/** The Customers tab: search, archived on demand, and "New customer", which opens the new customer's page. */
export function CustomersManager({ slug }: { slug: string }) {
  const router = useRouter();
  const [includeArchived, setIncludeArchived] = useState(false);
  const [search, setSearch] = useState("");
  const [isCreating, setIsCreating] = useState(false);
  const customers = useQuery({
    queryKey: customerKeys.list(slug, includeArchived),
    queryFn: () => customersApi.list(slug, includeArchived),
    placeholderData: (previous) => previous,
  });
  const q = search.trim().toLowerCase();
  const rows = customers.data?.filter((customer) => !q || [customer.name, customer.email ?? "", customer.channel].some((text) => text.toLowerCase().includes(q))) ?? [];
  const isEmpty = customers.data?.length === 0 && !includeArchived;
  const canWrite = usePermission("customers:write").isAllowed;
  const newCustomer = canWrite ? <Button onClick={() => setIsCreating(true)}>New customer</Button> : null;

  return (
    <div className="space-y-4">
      <SectionHeader
        title="Customers"
        description="Who installs this application. Each customer follows a channel and pulls with its own license."
        actions={isEmpty ? null : newCustomer}
      />
      <PermissionNote permission="customers:write" />
      {isEmpty ? (
        <>
          <CustomersEmptyState action={newCustomer} />
          <p className="text-center text-sm">
            <button type="button" onClick={() => setIncludeArchived(true)} className="font-medium text-brand-700 hover:underline">
              Show archived customers
            </button>
          </p>
        </>
      ) : (
        <>
          <div className="flex flex-wrap items-center justify-between gap-3">
            <div className="min-w-64 flex-1">
              <SearchBox label="Search customers" value={search} onChange={setSearch} placeholder="Search by name, e-mail or channel" />
            </div>
            <label className="flex items-center gap-2 text-sm text-slate-700">
              <input type="checkbox" checked={includeArchived} onChange={(event) => setIncludeArchived(event.target.checked)} className="size-4 rounded border-slate-300 accent-brand-600" />
              Show archived
            </label>
          </div>
          {customers.isPending ? (
            <LoadingRows label="Loading customers" />
          ) : customers.isError ? (
            <ErrorState message={`The customers could not be loaded: ${customers.error.message}`} onRetry={() => customers.refetch()} />
          ) : rows.length === 0 ? (
            <EmptyState title={q ? "Nothing matches" : "No customers"}>{q ? `No customer's name, e-mail or channel contains “${search.trim()}”.` : "This application has no customers, archived or not."}</EmptyState>
          ) : (
            <CustomersTable slug={slug} customers={rows} />
          )}
        </>
      )}
      {isCreating ? <CustomerFormDialog slug={slug} onClose={() => setIsCreating(false)} onSaved={(saved) => router.push(buildCustomerHref(slug, saved.id))} /> : null}
    </div>
  );
}

function CustomersTable({ slug, customers }: { slug: string; customers: CustomerJson[] }) {
  return (
    <Table label="Customers" columns={COLUMNS}>
      {customers.map((customer) => (
        <tr key={customer.id} className={customer.archived ? "bg-slate-50/70 text-slate-500" : ""}>
          <Cell>
            <span className="flex flex-wrap items-center gap-2">
              <Link href={buildCustomerHref(slug, customer.id)} className="font-medium text-brand-700 hover:underline">
                {customer.name}
              </Link>
              {customer.archived ? <Badge>Archived</Badge> : null}
            </span>
            {customer.email ? <span className="block text-xs text-slate-500">{customer.email}</span> : null}
          </Cell>
          <Cell>{customer.channel}</Cell>
          <Cell>
            <LicenseTypeBadge type={customer.type} />
          </Cell>
          <Cell className="whitespace-nowrap">
            <ExpiryDate customer={customer} />
          </Cell>
          <Cell>{customer.airgap ? "Yes" : <span className="text-slate-400">No</span>}</Cell>
          <Cell className="whitespace-nowrap text-slate-600">
            <span title={`by ${customer.updatedBy.name}`}>
              <RelativeTime iso={customer.updatedAt} />
            </span>
          </Cell>
        </tr>
      ))}
    </Table>
  );
}

function CustomersEmptyState({ action }: { action: ReactNode }) {
  return (
    <EmptyState title="No customers yet" action={action}>
      <p>
        A customer is someone who installs this application. Each one follows a channel (Stable, say) and gets a <strong>license</strong>: a signed file naming the
        customer, the channel, the expiry and the entitlements, and a license ID.
      </p>
      <p className="mt-2">
        The license ID is the customer&apos;s login to this application&apos;s registry (pull only) and the key to their install YAML, which always holds the channel&apos;s
        current release.
      </p>
    </EmptyState>
  );
}
