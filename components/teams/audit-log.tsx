"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { FormattedDate } from "@/components/registries/format-date";
import { apiFetch } from "@/components/ui/api-client";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClass } from "@/components/ui/button";
import { EmptyState, ErrorState, LoadingRows } from "@/components/ui/card";
import { Field, SelectField } from "@/components/ui/field";
import { Cell, Table } from "@/components/ui/table";
import { teamKeys } from "./query-keys";
import type { z } from "zod";
import type { auditEventSchema } from "@/lib/api/openapi/teams";

type AuditEvent = z.infer<typeof auditEventSchema>;

type Filters = { actor: string; app: string; action: string; from: string; to: string };
const EMPTY: Filters = { actor: "", app: "", action: "", from: "", to: "" };

function toQuery(filters: Filters, extra: Record<string, string> = {}): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...filters, ...extra })) if (value) query.set(key, value);
  return query.toString();
}

/** The team's audit log with filters (actor, app, action, time range), keyset paging and CSV export. */
export function AuditLog({ actions, apps }: { actions: readonly string[]; apps: string[] }) {
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const events = useInfiniteQuery({
    queryKey: teamKeys.audit(filters),
    initialPageParam: "",
    queryFn: ({ pageParam }) => apiFetch<{ events: AuditEvent[]; nextCursor: string | null }>(`/audit?${toQuery(filters, pageParam ? { cursor: pageParam } : {})}`),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const set = (key: keyof Filters) => (event: { target: { value: string } }) => setDraft((current) => ({ ...current, [key]: event.target.value }));
  const rows = events.data?.pages.flatMap((page) => page.events) ?? [];
  return (
    <div className="space-y-4">
      <form
        className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
        onSubmit={(event) => {
          event.preventDefault();
          setFilters({ ...draft, from: draft.from ? new Date(draft.from).toISOString() : "", to: draft.to ? new Date(draft.to).toISOString() : "" });
        }}
      >
        <Field label="Actor" name="actor" value={draft.actor} onChange={set("actor")} placeholder="e-mail or username" />
        <SelectField label="Application" name="app" value={draft.app} onChange={set("app")}>
          <option value="">Any</option>
          {apps.map((app) => (
            <option key={app} value={app}>
              {app}
            </option>
          ))}
        </SelectField>
        <SelectField label="Action" name="action" value={draft.action} onChange={set("action")}>
          <option value="">Any</option>
          {actions.map((action) => (
            <option key={action} value={action}>
              {action}
            </option>
          ))}
        </SelectField>
        <Field label="From" name="from" type="datetime-local" value={draft.from} onChange={set("from")} />
        <Field label="To" name="to" type="datetime-local" value={draft.to} onChange={set("to")} />
        <Button type="submit">Filter</Button>
        <a className={buttonClass("secondary")} href={`/api/v1/audit?${toQuery(filters, { format: "csv" })}`} download="audit.csv">
          Export CSV
        </a>
      </form>
      {events.isPending ? (
        <LoadingRows label="Loading the audit log" />
      ) : events.isError ? (
        <ErrorState message={events.error.message} onRetry={() => events.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState title="No events">Nothing matches these filters.</EmptyState>
      ) : (
        <Table label="Audit log" columns={[{ label: "When" }, { label: "Actor" }, { label: "Action" }, { label: "Application" }, { label: "Target" }, { label: "From" }]}>
          {rows.map((event) => (
            <tr key={event.id}>
              <Cell className="whitespace-nowrap">
                <FormattedDate iso={event.at} withTime />
              </Cell>
              <Cell>
                <span className="block">{event.actor.name}</span>
                <span className="block text-xs text-slate-500">{event.actor.kind}</span>
              </Cell>
              <Cell>
                <Badge tone={event.action.includes("failed") || event.action.includes("deleted") || event.action.includes("removed") ? "warn" : "neutral"}>{event.action}</Badge>
              </Cell>
              <Cell>{event.app ?? "—"}</Cell>
              <Cell className="max-w-72 break-all">{event.target}</Cell>
              <Cell className="text-xs text-slate-500">
                {event.clientAddress ?? "—"}
                {event.requestId ? <span className="block font-mono" title="Request id">{event.requestId.slice(0, 12)}</span> : null}
              </Cell>
            </tr>
          ))}
        </Table>
      )}
      {events.hasNextPage ? (
        <Button variant="secondary" onClick={() => events.fetchNextPage()} disabled={events.isFetchingNextPage}>
          {events.isFetchingNextPage ? "Loading…" : "Older events"}
        </Button>
      ) : null}
    </div>
  );
}
