import Link from "next/link";
import type { ReactNode } from "react";
import { buttonClass } from "@/components/ui/button";

/**
 * A 404 or 403 page's content. Outside the portal's frame (an unknown URL, a signed-out
 * visitor) it is the page's <main>; inside the frame, which has its <main> already, it is
 * a plain block (`isInsideMain`), so a page never holds two main landmarks.
 */
export function StatusPage({ code, title, children, isInsideMain = false }: { code: number; title: string; children: ReactNode; isInsideMain?: boolean }) {
  const Root = isInsideMain ? "div" : "main";
  return (
    <Root className="mx-auto flex min-h-[60vh] max-w-lg flex-col items-center justify-center px-6 text-center">
      <p className="text-sm font-semibold text-brand-600">{code}</p>
      <h1 className="mt-2 text-2xl font-semibold text-slate-900">{title}</h1>
      <p className="mt-2 text-sm text-slate-600">{children}</p>
      <Link href="/apps" className={buttonClass("primary", "mt-6")}>
        Back to applications
      </Link>
    </Root>
  );
}

/** The 404 text, the same wherever the page is shown. */
export function NotFoundPage({ isInsideMain = false }: { isInsideMain?: boolean }) {
  return (
    <StatusPage code={404} title="Page not found" isInsideMain={isInsideMain}>
      This page does not exist, or it belongs to a team you are not a member of.
    </StatusPage>
  );
}

/** The 403 text, the same wherever the page is shown. */
export function ForbiddenPage({ isInsideMain = false }: { isInsideMain?: boolean }) {
  return (
    <StatusPage code={403} title="Not allowed for your role" isInsideMain={isInsideMain}>
      Your role in this team does not include this page. Ask an owner or admin of the team.
    </StatusPage>
  );
}
