import type { ReactNode } from "react";

export function Card({ children, className = "" }: { children: ReactNode; className?: string }) {
  return <div className={`rounded-lg border border-slate-200 bg-white shadow-sm ${className}`}>{children}</div>;
}

type HeaderProps = { title: ReactNode; description?: ReactNode; actions?: ReactNode };

/** A page's title (h1) with its description and actions. */
export function PageHeader(props: HeaderProps) {
  return <Header {...props} level="page" />;
}

/** The heading of a section inside an application's tab (the app's name is the page's h1). */
export function SectionHeader(props: HeaderProps) {
  return <Header {...props} level="section" />;
}

function Header({ title, description, actions, level }: HeaderProps & { level: "page" | "section" }) {
  const isPage = level === "page";
  const Heading = isPage ? "h1" : "h2";
  return (
    <div className={`flex flex-wrap items-end justify-between gap-4 ${isPage ? "mb-6" : ""}`}>
      <div>
        <Heading className={isPage ? "text-2xl font-semibold tracking-tight text-slate-900" : "text-lg font-semibold text-slate-900"}>{title}</Heading>
        {description ? <p className={`${isPage ? "mt-1" : ""} text-sm text-slate-600`}>{description}</p> : null}
      </div>
      {actions ? <div className="flex flex-wrap items-center gap-2">{actions}</div> : null}
    </div>
  );
}

export function EmptyState({ title, children, action }: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-12 text-center">
      <h2 className="text-base font-semibold text-slate-900">{title}</h2>
      {children ? <div className="mx-auto mt-2 max-w-lg text-sm text-slate-600">{children}</div> : null}
      {action ? <div className="mt-5">{action}</div> : null}
    </div>
  );
}

export function ErrorState({ message, onRetry }: { message: string; onRetry?: () => void }) {
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
      <span>{message}</span>
      {onRetry ? (
        <button type="button" onClick={onRetry} className="ml-3 font-medium underline">
          Try again
        </button>
      ) : null}
    </div>
  );
}

export function LoadingRows({ rows = 3, label = "Loading" }: { rows?: number; label?: string }) {
  return (
    <div role="status" aria-label={label} className="space-y-2">
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="h-12 animate-pulse rounded-md bg-slate-200/70" />
      ))}
    </div>
  );
}

/** A one-line success message that screen readers announce. */
export function Notice({ children }: { children?: ReactNode }) {
  return (
    <div role="status" aria-live="polite">
      {children ? <p className="rounded-md border border-emerald-200 bg-emerald-50 px-4 py-2.5 text-sm text-emerald-900">{children}</p> : null}
    </div>
  );
}
