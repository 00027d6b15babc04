"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

/** The sections of one application; each later feature adds its tab here. */
const TABS = [
  { segment: "", label: "Overview" },
  { segment: "images", label: "Images" },
  { segment: "releases", label: "Releases" },
  { segment: "channels", label: "Channels" },
  { segment: "customers", label: "Customers" },
];

export function AppTabs({ slug }: { slug: string }) {
  const pathname = usePathname();
  const base = `/apps/${slug}`;
  return (
    <nav aria-label="Application sections" className="mb-6 flex gap-1 border-b border-slate-200">
      {TABS.map((tab) => {
        const href = tab.segment ? `${base}/${tab.segment}` : base;
        const isActive = tab.segment ? pathname.startsWith(href) : pathname === base;
        return (
          <Link
            key={tab.label}
            href={href}
            aria-current={isActive ? "page" : undefined}
            className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${isActive ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900"}`}
          >
            {tab.label}
          </Link>
        );
      })}
    </nav>
  );
}
