"use client";

import { useMutation } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { ErrorState } from "@/components/ui/card";
import { normaliseEndpoint } from "@/lib/external/endpoint";
import { registriesApi } from "./registries-api";
import type { ConnectionStepName, ConnectionTestResult, RegistryRow } from "./types";

const STEP_LABELS: Record<ConnectionStepName, string> = {
  resolve: "Address",
  connect: "Registry API",
  authenticate: "Credentials",
  manifest: "Image",
};

/** "Test connection": optional image and tag, then each step with ✓ or ✗, its message and how long it took. */
export function ConnectionTestPanel({ registry }: { registry: RegistryRow }) {
  const id = useId();
  const [image, setImage] = useState("");
  const [tag, setTag] = useState("");
  const namespace = namespaceOf(registry.endpoint);
  const test = useMutation({ mutationFn: (lookUp: { image: string; tag: string }) => registriesApi.testConnection(registry.name, lookUp) });

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    test.mutate({ image, tag });
  }

  return (
    <div className="border-t border-slate-100 bg-slate-50/60 px-5 py-4">
      <form onSubmit={onSubmit} className="flex flex-wrap items-end gap-3" aria-label={`Test the connection to ${registry.name}`}>
        <label className="min-w-48 flex-1 text-xs font-medium text-slate-600" htmlFor={`${id}-image`}>
          Image <span className="font-normal text-slate-400">(optional{namespace ? `, under ${namespace}/` : ""})</span>
          <input
            id={`${id}-image`}
            value={image}
            onChange={(event) => setImage(event.target.value)}
            placeholder="app"
            spellCheck={false}
            className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-1.5 font-mono text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30"
          />
        </label>
        <label className="w-32 text-xs font-medium text-slate-600" htmlFor={`${id}-tag`}>
          Tag
          <input
            id={`${id}-tag`}
            value={tag}
            onChange={(event) => setTag(event.target.value)}
            placeholder="latest"
            spellCheck={false}
            className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-1.5 font-mono text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30"
          />
        </label>
        <Button type="submit" variant="secondary" disabled={test.isPending}>
          {test.isPending ? "Testing…" : "Run test"}
        </Button>
      </form>
      <div aria-live="polite" className="mt-3">
        {test.isPending ? <p className="text-sm text-slate-500">Connecting to {registry.endpoint}…</p> : null}
        {test.isError ? <ErrorState message={test.error.message} /> : null}
        {test.data && !test.isPending ? <ConnectionTestResultView result={test.data} hasImage={Boolean(test.variables?.image.trim())} /> : null}
      </div>
    </div>
  );
}

function namespaceOf(endpoint: string): string | undefined {
  try {
    return normaliseEndpoint(endpoint).namespace;
  } catch {
    return undefined;
  }
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** The summary line, then every step in order; steps after a failure are listed as not run. */
export function ConnectionTestResultView({ result, hasImage }: { result: ConnectionTestResult; hasImage: boolean }) {
  const failed = result.steps.find((step) => !step.ok);
  const planned: ConnectionStepName[] = hasImage ? ["resolve", "connect", "authenticate", "manifest"] : ["resolve", "connect", "authenticate"];
  const notRun = planned.filter((name) => !result.steps.some((step) => step.step === name));
  return (
    <div data-testid="connection-test-result" className={`rounded-md border bg-white ${result.ok ? "border-emerald-200" : "border-red-200"}`}>
      <p role="status" className={`border-b px-4 py-2 text-sm font-medium ${result.ok ? "border-emerald-100 text-emerald-800" : "border-red-100 text-red-800"}`}>
        {result.ok ? "Connection works" : `Failed at “${STEP_LABELS[failed!.step]}”`} <span className="font-normal text-slate-500">· {formatMs(result.ms)} in total</span>
      </p>
      <ol className="divide-y divide-slate-100">
        {result.steps.map((step) => (
          <li key={step.step} className="flex gap-3 px-4 py-2.5 text-sm">
            <span aria-hidden className={`mt-0.5 flex h-5 w-5 shrink-0 items-center justify-center rounded-full text-xs font-bold text-white ${step.ok ? "bg-emerald-600" : "bg-red-600"}`}>
              {step.ok ? "✓" : "✗"}
            </span>
            <div className="min-w-0 flex-1">
              <p className="font-medium text-slate-900">
                {STEP_LABELS[step.step]} <span className="sr-only">{step.ok ? "passed" : "failed"}</span>
              </p>
              <p className={`break-words ${step.ok ? "text-slate-600" : "text-red-700"}`}>{step.message}</p>
            </div>
            <span className="shrink-0 tabular-nums text-xs text-slate-500">{formatMs(step.ms)}</span>
          </li>
        ))}
        {notRun.map((name) => (
          <li key={name} className="flex gap-3 px-4 py-2.5 text-sm text-slate-400">
            <span aria-hidden className="mt-0.5 flex h-5 w-5 shrink-0 items-center justify-center rounded-full border border-slate-300 text-xs">
              –
            </span>
            <p>
              {STEP_LABELS[name]} <span className="text-xs">· not run</span>
            </p>
          </li>
        ))}
      </ol>
    </div>
  );
}
