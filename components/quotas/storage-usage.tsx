import { formatBytes } from "@/lib/images/describe/format";

/** "used of quota" with a bar (amber from 80%, red when full); an unlimited quota shows the bytes alone. */
export function StorageUsage({ usedBytes, quotaBytes }: { usedBytes: number; quotaBytes: number }) {
  if (quotaBytes === 0) return <span className="tabular-nums">{formatBytes(usedBytes)} (no limit)</span>;
  const percent = Math.min(100, Math.round((usedBytes / quotaBytes) * 100));
  const tone = percent >= 100 ? "bg-red-500" : percent >= 80 ? "bg-amber-500" : "bg-brand-500";
  return (
    <div className="min-w-48">
      <div className="tabular-nums">
        {formatBytes(usedBytes)} of {formatBytes(quotaBytes)} <span className="text-slate-500">({percent}%)</span>
      </div>
      <div className="mt-1 h-1.5 w-full rounded bg-slate-200" role="meter" aria-label="Storage used" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
        <div className={`h-1.5 rounded ${tone}`} style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}
