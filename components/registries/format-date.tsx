import { Time } from "@/components/ui/time";

/** A date (or date and time), UTC, in the portal's one format (components/ui/time.tsx). */
export function FormattedDate({ iso, withTime = false }: { iso: string; withTime?: boolean }) {
  return <Time value={iso} format={withTime ? "datetime" : "date"} />;
}
