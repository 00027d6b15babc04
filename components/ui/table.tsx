import type { ReactNode, TdHTMLAttributes } from "react";

export interface Column {
  label: string;
  align?: "right";
  /** Read to screen readers only (an actions column, say). */
  isLabelHidden?: boolean;
}

/**
 * A bordered table with the house header style. Rows are the caller's `<tr>`s of
 * `<Cell>`s; `label` names the table for assistive technology (and for tests). Inside a
 * card of its own, `isFramed={false}` drops the border.
 */
export function Table({
  label,
  columns,
  children,
  footer,
  isFramed = true,
  className = "",
}: {
  label: string;
  columns: Column[];
  children: ReactNode;
  /** Rows of a `<tfoot>` (totals), set apart from the body. */
  footer?: ReactNode;
  isFramed?: boolean;
  className?: string;
}) {
  return (
    <div className={`overflow-x-auto bg-white ${isFramed ? "rounded-lg border border-slate-200 shadow-sm" : ""} ${className}`}>
      <table className={`min-w-full divide-y divide-slate-200 text-sm ${isFramed ? "" : "[&_td:first-child]:pl-5 [&_th:first-child]:pl-5"}`} aria-label={label}>
        <thead className="bg-slate-50 text-left text-xs font-medium uppercase tracking-wide text-slate-500">
          <tr>
            {columns.map((column) => (
              <th key={column.label} scope="col" className={`whitespace-nowrap px-4 py-2 ${column.align === "right" ? "text-right" : ""}`}>
                {column.isLabelHidden ? <span className="sr-only">{column.label}</span> : column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">{children}</tbody>
        {footer ? <tfoot className="border-t border-slate-200 bg-slate-50">{footer}</tfoot> : null}
      </table>
    </div>
  );
}

/** One body cell with the table's padding. */
export function Cell({ align, className = "", ...props }: TdHTMLAttributes<HTMLTableCellElement> & { align?: "right" }) {
  return <td className={`px-4 py-2.5 ${align === "right" ? "text-right tabular-nums" : ""} ${className}`} {...props} />;
}
