"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const LINKS = [
  { href: "/apps", label: "Applications" },
  { href: "/settings/registries", label: "External registries" },
  // Short: seven links, the team switcher and the account share one row at 1280 px.
  { href: "/tokens", label: "Tokens" },
];

export function NavLinks({ extra = [] }: { extra?: { href: string; label: string }[] }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="flex flex-col gap-1 xl:flex-row xl:items-center">
      {[...LINKS, ...extra].map((link) => {
        const isActive = pathname === link.href || pathname.startsWith(link.href + "/");
        return (
          <Link
            key={link.href}
            href={link.href}
            aria-current={isActive ? "page" : undefined}
            className={`whitespace-nowrap rounded-md px-2.5 py-1.5 text-sm font-medium xl:px-2 ${isActive ? "bg-brand-50 text-brand-700" : "text-slate-600 hover:bg-slate-100 hover:text-slate-900"}`}
          >
            {link.label}
          </Link>
        );
      })}
    </nav>
  );
}
