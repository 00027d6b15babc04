"use client";

import { Fragment, useMemo, useState, type ReactNode } from "react";
import type { LineChange } from "@/lib/releases";
import { foldUnchanged, pairRows, type Cell, type Row } from "./diff-rows";

/**
 * Two texts side by side, aligned line by line, with changed lines highlighted. Long
 * unchanged stretches fold to a button that shows them (when `isCollapsible`).
 */
export function SideBySideDiff({
  changes,
  leftLabel,
  rightLabel,
  tone = "diff",
  isCollapsible = true,
}: {
  changes: LineChange[];
  leftLabel: string;
  rightLabel: string;
  /** "diff": removed red, added green (two releases); "rewrite": changed lines amber on both sides. */
  tone?: "diff" | "rewrite";
  isCollapsible?: boolean;
}) {
  const rows = useMemo(() => (isCollapsible ? foldUnchanged(pairRows(changes)) : pairRows(changes)), [changes, isCollapsible]);
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(new Set());
  const leftChanged = tone === "diff" ? "bg-red-50 text-red-950" : "bg-amber-50 text-amber-950";
  const rightChanged = tone === "diff" ? "bg-emerald-50 text-emerald-950" : "bg-amber-50 text-amber-950";

  const renderRow = (row: Row, key: string): ReactNode => {
    if (row.kind === "gap") {
      if (expanded.has(row.id)) return <Fragment key={key}>{row.rows.map((inner, i) => renderRow(inner, `${key}-${i}`))}</Fragment>;
      return (
        <tr key={key}>
          <td colSpan={4} className="border-y border-slate-100 bg-slate-50 px-3 py-1 text-center">
            <button type="button" onClick={() => setExpanded(new Set([...expanded, row.id]))} className="font-sans text-xs font-medium text-brand-600 hover:underline">
              Show {row.rows.length} unchanged line{row.rows.length === 1 ? "" : "s"}
            </button>
          </td>
        </tr>
      );
    }
    return (
      <tr key={key}>
        <LineNumber cell={row.left} className={row.left?.isChanged ? leftChanged : ""} />
        <LineText cell={row.left} className={row.left?.isChanged ? leftChanged : ""} marker={tone === "diff" ? "−" : "~"} />
        <LineNumber cell={row.right} className={`border-l border-slate-200 ${row.right?.isChanged ? rightChanged : ""}`} />
        <LineText cell={row.right} className={row.right?.isChanged ? rightChanged : ""} marker={tone === "diff" ? "+" : "~"} />
      </tr>
    );
  };

  return (
    <div className="overflow-x-auto">
      <table className="w-full table-fixed border-collapse font-mono text-xs leading-5">
        <colgroup>
          <col className="w-12" />
          <col />
          <col className="w-12" />
          <col />
        </colgroup>
        <thead className="bg-slate-50 text-left font-sans text-xs font-medium text-slate-600">
          <tr>
            <th scope="col" colSpan={2} className="px-3 py-2">
              {leftLabel}
            </th>
            <th scope="col" colSpan={2} className="border-l border-slate-200 px-3 py-2">
              {rightLabel}
            </th>
          </tr>
        </thead>
        <tbody>{rows.map((row, index) => renderRow(row, String(index)))}</tbody>
      </table>
    </div>
  );
}

function LineNumber({ cell, className }: { cell: Cell; className: string }) {
  return <td className={`select-none px-2 text-right align-top text-slate-400 ${className}`}>{cell?.line ?? ""}</td>;
}

function LineText({ cell, className, marker }: { cell: Cell; className: string; marker: string }) {
  if (!cell) return <td className="bg-slate-50/60" />;
  return (
    <td className={`whitespace-pre-wrap break-all px-2 align-top text-slate-800 ${className}`}>
      {cell.isChanged ? <span className="sr-only">{marker === "−" ? "removed: " : marker === "+" ? "added: " : "changed: "}</span> : null}
      {cell.text || " "}
    </td>
  );
}
