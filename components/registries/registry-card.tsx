"use client";

import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { ConnectionTestPanel } from "./connection-test-panel";
import { FormattedDate } from "./format-date";
import { KindBadge } from "./kind-badge";
import { RegistryProxyStatsLine } from "./registry-proxy-stats";
import type { RegistryRow } from "./types";

/** One registry: what it points at, who it signs in as, when its secret was set, and its actions. */
export function RegistryCard({ registry, onEdit, onDelete, canEdit = true }: { registry: RegistryRow; onEdit: () => void; onDelete: () => void; canEdit?: boolean }) {
  const [isTesting, setIsTesting] = useState(false);
  const panelId = useId();
  const headingId = useId();
  return (
    <li aria-labelledby={headingId} className="overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm">
      <div className="flex flex-wrap items-start gap-4 px-5 py-4">
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-center gap-2">
            <h2 id={headingId} className="font-mono text-base font-semibold text-slate-900">
              {registry.name}
            </h2>
            <KindBadge kind={registry.kind} label={registry.kindLabel} />
          </div>
          <p className="mt-1 break-all font-mono text-sm text-slate-600">{registry.endpoint}</p>
          <dl className="mt-3 grid gap-x-6 gap-y-1 text-sm sm:grid-cols-[auto_1fr]">
            <dt className="text-slate-500">Username</dt>
            <dd className="break-all font-mono text-slate-800">{registry.username}</dd>
            <dt className="text-slate-500">Password</dt>
            <dd className="text-slate-800">
              <span aria-hidden className="mr-1.5 font-mono tracking-widest text-slate-400">
                ••••••
              </span>
              set on <FormattedDate iso={registry.secretUpdatedAt} withTime />
            </dd>
            <dt className="text-slate-500">In releases</dt>
            <dd className="flex items-center gap-2">
              <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-800">source: {registry.name}</code>
              <CopyButton value={`source: ${registry.name}`} label="Copy" />
            </dd>
            <RegistryProxyStatsLine name={registry.name} />
          </dl>
        </div>
        <div className="flex flex-wrap items-center gap-2" hidden={!canEdit}>
          <Button variant="secondary" aria-expanded={isTesting} aria-controls={panelId} onClick={() => setIsTesting((open) => !open)}>
            {isTesting ? "Hide test" : "Test connection"}
          </Button>
          <Button variant="secondary" onClick={onEdit} aria-label={`Edit ${registry.name}`}>
            Edit
          </Button>
          <Button variant="ghost" onClick={onDelete} aria-label={`Delete ${registry.name}`}>
            Delete
          </Button>
        </div>
      </div>
      <div id={panelId} hidden={!isTesting}>
        {/* Keyed by updatedAt: a result from before an edit would describe credentials that no longer exist. */}
        {isTesting ? <ConnectionTestPanel key={registry.updatedAt} registry={registry} /> : null}
      </div>
    </li>
  );
}
