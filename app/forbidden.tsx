import Link from "next/link";
import { buttonClass } from "@/components/ui/button";

export default function Forbidden() {
  return (
    <main className="mx-auto flex min-h-[60vh] max-w-lg flex-col items-center justify-center px-6 text-center">
      <p className="text-sm font-semibold text-brand-600">403</p>
      <h1 className="mt-2 text-2xl font-semibold text-slate-900">Not allowed for your role</h1>
      <p className="mt-2 text-sm text-slate-600">Your role in this team does not include this page. Ask an owner or admin of the team.</p>
      <Link href="/apps" className={buttonClass("primary", "mt-6")}>
        Back to applications
      </Link>
    </main>
  );
}
