/** A date as the viewer's locale writes it; the server's rendering may differ, so React is told not to mind. */
export function FormattedDate({ iso, withTime = false }: { iso: string; withTime?: boolean }) {
  const date = new Date(iso);
  const text = date.toLocaleString(undefined, withTime ? { dateStyle: "medium", timeStyle: "short" } : { dateStyle: "medium" });
  return (
    <time dateTime={iso} title={date.toISOString()} suppressHydrationWarning>
      {text}
    </time>
  );
}
