"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { RelativeTime } from "@/components/images/image-bits";
import { ErrorState, LoadingRows } from "@/components/ui/card";
import { Cell, Table } from "@/components/ui/table";
import { buildCustomerHref, customersApi, PULLS_POLL_INTERVAL_MS } from "./customers-api";
import { customerKeys } from "./query-keys";

const COLUMNS = [{ label: "Customer" }, { label: "Pulls", align: "right" as const }, { label: "Last pulled" }];

/** Which customers pulled one manifest with their license, and how often; for a tag or digest page. */
export function PulledByCustomers({ slug, digest }: { slug: string; digest: string }) {
  const pullers = useQuery({ queryKey: customerKeys.pullers(slug, digest), queryFn: () => customersApi.pullers(slug, digest), refetchInterval: PULLS_POLL_INTERVAL_MS * 2 });
  return (
    <section aria-labelledby="pulled-by-customers" className="overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm">
      <h3 id="pulled-by-customers" className="border-b border-slate-100 px-5 py-3 text-sm font-semibold text-slate-900">
        Pulled by customers
      </h3>
      {pullers.isPending ? (
        <div className="p-4">
          <LoadingRows rows={1} label="Loading the customers who pulled this manifest" />
        </div>
      ) : pullers.isError ? (
        <div className="p-4">
          <ErrorState message={`Could not load who pulled this manifest: ${pullers.error.message}`} onRetry={() => pullers.refetch()} />
        </div>
      ) : pullers.data.length === 0 ? (
        <p className="px-5 py-4 text-sm text-slate-500">No customer has pulled this manifest with a license yet. Pulls with your team&apos;s tokens are not counted here.</p>
      ) : (
        <Table label="Pulled by customers" columns={COLUMNS} isFramed={false}>
          {pullers.data.map((customer) => (
            <tr key={customer.id}>
              <Cell>
                <Link href={buildCustomerHref(slug, customer.id)} className="font-medium text-brand-700 hover:underline">
                  {customer.name}
                </Link>
              </Cell>
              <Cell align="right">{customer.count}</Cell>
              <Cell className="whitespace-nowrap text-slate-600">
                <RelativeTime iso={customer.lastPulledAt} />
              </Cell>
            </tr>
          ))}
        </Table>
      )}
    </section>
  );
}
