import Link from "next/link";
import { buttonClass } from "@/components/ui/button";

export default function NotFound() {
  return (
    <main className="mx-auto flex min-h-[60vh] max-w-lg flex-col items-center justify-center px-6 text-center">
      <p className="text-sm font-semibold text-brand-600">404</p>
      <h1 className="mt-2 text-2xl font-semibold text-slate-900">Page not found</h1>
      <p className="mt-2 text-sm text-slate-600">This page does not exist, or it belongs to a team you are not a member of.</p>
      <Link href="/apps" className={buttonClass("primary", "mt-6")}>
        Back to applications
      </Link>
    </main>
  );
}
