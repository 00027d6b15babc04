import type { RegistryKind } from "@/lib/external/endpoint";

const KIND_STYLES: Record<RegistryKind, string> = {
  dockerhub: "bg-sky-50 text-sky-800 ring-sky-200",
  quay: "bg-rose-50 text-rose-800 ring-rose-200",
  ghcr: "bg-slate-100 text-slate-800 ring-slate-300",
  gcr: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  ecr: "bg-amber-50 text-amber-800 ring-amber-200",
  gitlab: "bg-orange-50 text-orange-800 ring-orange-200",
  generic: "bg-violet-50 text-violet-800 ring-violet-200",
};

/** The provider's name as a small label. */
export function KindBadge({ kind, label }: { kind: RegistryKind; label: string }) {
  return <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${KIND_STYLES[kind]}`}>{label}</span>;
}
