"use client";

import type { AirgapEntry } from "@/lib/releases";
import { formatSize, ShortDigest, SourceBadge, StatusChip } from "./preview-bits";

/** The airgap bundle: every image from `images:`, with digest and compressed size for this application's own. */
export function AirgapList({ entries, totalSize, onGoToLine }: { entries: AirgapEntry[]; totalSize: number | null; onGoToLine?: (line: number) => void }) {
  if (entries.length === 0) {
    return (
      <p className="px-4 py-8 text-center text-sm text-slate-600">
        The airgap bundle is empty. List every image the release ships in an <code className="font-mono">images:</code> document, e.g.{" "}
        <code className="font-mono">{"- {source: replicated, name: worker, tag: 1.0.1}"}</code>.
      </p>
    );
  }
  const hasOwnImages = entries.some((entry) => entry.origin === "replicated");
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full text-sm">
        <caption className="sr-only">Images in the airgap bundle</caption>
        <thead className="bg-slate-50 text-left text-xs font-medium uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="px-3 py-2">Line</th>
            <th scope="col" className="px-3 py-2">Image</th>
            <th scope="col" className="px-3 py-2">Source</th>
            <th scope="col" className="px-3 py-2">Bundled from</th>
            <th scope="col" className="px-3 py-2">Digest</th>
            <th scope="col" className="px-3 py-2 text-right">Compressed size</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {entries.map((entry) => (
            <tr key={`${entry.line}-${entry.reference}`}>
              <td className="px-3 py-2">
                {onGoToLine ? (
                  <button type="button" onClick={() => onGoToLine(entry.line)} className="font-mono text-xs text-brand-600 hover:underline" aria-label={`Go to line ${entry.line}`}>
                    {entry.line}
                  </button>
                ) : (
                  <span className="font-mono text-xs text-slate-500">{entry.line}</span>
                )}
              </td>
              <td className="px-3 py-2 font-mono text-xs break-all text-slate-900">{entry.reference}</td>
              <td className="px-3 py-2">
                <SourceBadge source={entry.origin} registry={entry.externalRegistry} />
              </td>
              <td className="px-3 py-2 font-mono text-xs break-all text-slate-600">{entry.pullReference === entry.reference ? "—" : entry.pullReference}</td>
              <td className="px-3 py-2">
                {entry.digest ? (
                  <ShortDigest digest={entry.digest} />
                ) : entry.origin === "replicated" && entry.exists === false ? (
                  <StatusChip tone="warn">Not pushed</StatusChip>
                ) : (
                  <span className="text-xs text-slate-400">—</span>
                )}
              </td>
              <td className="px-3 py-2 text-right text-xs text-slate-700 tabular-nums">{formatSize(entry.size)}</td>
            </tr>
          ))}
        </tbody>
        {hasOwnImages ? (
          <tfoot className="border-t border-slate-200 bg-slate-50">
            <tr>
              <td colSpan={5} className="px-3 py-2 text-xs text-slate-600">
                Total for this application&apos;s images (layers shared between images counted once)
              </td>
              <td className="px-3 py-2 text-right text-sm font-semibold text-slate-900 tabular-nums" data-testid="airgap-total">
                {totalSize === null ? "Checking…" : formatSize(totalSize)}
              </td>
            </tr>
          </tfoot>
        ) : null}
      </table>
    </div>
  );
}
