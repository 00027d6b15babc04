export function Logo({ className = "" }: { className?: string }) {
  return (
    <span className={`inline-flex items-center gap-2 text-lg font-semibold tracking-tight text-slate-900 ${className}`}>
      <svg aria-hidden="true" viewBox="0 0 24 24" className="h-6 w-6 text-brand-600" fill="none" stroke="currentColor" strokeWidth="2">
        <path d="M3 17l3-9h12l3 9" strokeLinejoin="round" />
        <path d="M2 17h20M12 4v4" strokeLinecap="round" />
      </svg>
      Slipway
    </span>
  );
}
