import type { EndpointPreview } from "@/lib/external-registries/endpoint-preview";
import { KindBadge } from "./kind-badge";

/**
 * Under the endpoint field, live: the form it will be stored in, the provider that was
 * recognised with the credentials it wants, and anything normalisation changed.
 */
export function EndpointPreviewNote({ id, preview }: { id: string; preview: EndpointPreview | null }) {
  if (!preview) {
    return (
      <p id={id} className="mt-1 text-xs text-slate-500">
        Host, optional port and optional namespace, such as <span className="font-mono">quay.io/mycompany</span> or <span className="font-mono">docker.io</span>.
      </p>
    );
  }
  if (!preview.ok) {
    return (
      <p id={id} className="mt-1 text-sm text-red-600">
        Endpoint {preview.issue}.
      </p>
    );
  }
  return (
    <div id={id} aria-live="polite" className="mt-2 space-y-2 rounded-md border border-slate-200 bg-slate-50 px-3 py-2.5 text-xs text-slate-700">
      <p className="flex flex-wrap items-center gap-2">
        <KindBadge kind={preview.kind} label={preview.kindLabel} />
        <span>
          {preview.isRewritten ? "Will be stored as " : "Stored as "}
          <strong className="font-mono text-slate-900" data-testid="endpoint-stored-as">
            {preview.endpoint}
          </strong>
        </span>
      </p>
      {preview.notes.map((note) => (
        <p key={note} className="text-amber-800">
          {note}
        </p>
      ))}
      <p>
        <span className="font-medium text-slate-900">Credentials: </span>
        {preview.credentialHint}
      </p>
    </div>
  );
}
