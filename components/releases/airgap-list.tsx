"use client";

import type { AirgapEntry } from "@/lib/releases";
import { Cell, Table } from "@/components/ui/table";
import { formatSize, ShortDigest, SourceBadge, StatusChip } from "./preview-bits";

const COLUMNS = [{ label: "Line" }, { label: "Image" }, { label: "Source" }, { label: "Bundled from" }, { label: "Digest" }, { label: "Compressed size", align: "right" as const }];

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
  const footer = hasOwnImages ? (
    <tr>
      <Cell colSpan={5} className="text-xs text-slate-600">
        Total for this application&apos;s images (layers shared between images counted once)
      </Cell>
      <Cell className="text-right text-sm font-semibold text-slate-900 tabular-nums" data-testid="airgap-total">
        {totalSize === null ? "Checking…" : formatSize(totalSize)}
      </Cell>
    </tr>
  ) : null;
  return (
    <Table label="Images in the airgap bundle" columns={COLUMNS} isFramed={false} footer={footer}>
      {entries.map((entry) => (
        <tr key={`${entry.line}-${entry.reference}`}>
          <Cell>
            {onGoToLine ? (
              <button type="button" onClick={() => onGoToLine(entry.line)} className="font-mono text-xs text-brand-600 hover:underline" aria-label={`Go to line ${entry.line}`}>
                {entry.line}
              </button>
            ) : (
              <span className="font-mono text-xs text-slate-500">{entry.line}</span>
            )}
          </Cell>
          <Cell className="font-mono text-xs break-all text-slate-900">{entry.reference}</Cell>
          <Cell>
            <SourceBadge source={entry.origin} registry={entry.externalRegistry} />
          </Cell>
          <Cell className="font-mono text-xs break-all text-slate-600">{entry.pullReference === entry.reference ? "—" : entry.pullReference}</Cell>
          <Cell>
            {entry.digest ? (
              <ShortDigest digest={entry.digest} />
            ) : entry.origin === "replicated" && entry.exists === false ? (
              <StatusChip tone="warn">Not pushed</StatusChip>
            ) : (
              <span className="text-xs text-slate-400">—</span>
            )}
          </Cell>
          <Cell className="text-right text-xs text-slate-700 tabular-nums">{formatSize(entry.size)}</Cell>
        </tr>
      ))}
    </Table>
  );
}
