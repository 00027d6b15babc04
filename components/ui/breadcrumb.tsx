import Link from "next/link";

/** "Parent / Child / Current": links up the hierarchy, the current page as plain text. */
export function Breadcrumb({ label, parents, current }: { label: string; parents: { href: string; label: string }[]; current: string }) {
  return (
    <nav aria-label={label} className="text-sm text-slate-500">
      {parents.map((parent) => (
        <span key={parent.href}>
          <Link href={parent.href} className="hover:text-slate-800 hover:underline">
            {parent.label}
          </Link>{" "}
          /{" "}
        </span>
      ))}
      <span className="text-slate-700">{current}</span>
    </nav>
  );
}
