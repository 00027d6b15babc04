/** The release API's shapes as the browser receives them (dates as ISO strings). */
import type { ReleaseComparison } from "@/lib/release-store/compare-releases";
import type { ReleasePage } from "@/lib/release-store/list-releases";
import type { CreatedRelease, ReleaseDetail, ReleaseDraftView } from "@/lib/release-store/types";

/** `T` after a JSON round trip: Dates become strings. */
export type Jsonified<T> = T extends Date ? string : T extends readonly (infer U)[] ? Jsonified<U>[] : T extends object ? { [K in keyof T]: Jsonified<T[K]> } : T;

export type ReleasePageJson = Jsonified<ReleasePage>;
export type ReleaseSummaryJson = ReleasePageJson["releases"][number];
export type ReleaseDetailJson = Jsonified<ReleaseDetail>;
export type CreatedReleaseJson = Jsonified<CreatedRelease>;
export type ReleaseDraftJson = Jsonified<ReleaseDraftView>;
export type ReleaseComparisonJson = Jsonified<ReleaseComparison>;
