/** The release API's shapes as the browser receives them (dates as ISO strings): the routes' response schemas. */
import type { z } from "zod";
import type { createdReleaseSchema, releaseComparisonSchema, releaseDetailSchema, releaseDraftSchema, releasePageSchema } from "@/lib/api/openapi/release-schemas";

export type { Jsonified } from "@/lib/api/openapi/contract";

export type ReleasePageJson = z.infer<typeof releasePageSchema>;
export type ReleaseSummaryJson = ReleasePageJson["releases"][number];
export type ReleaseDetailJson = z.infer<typeof releaseDetailSchema>;
export type CreatedReleaseJson = z.infer<typeof createdReleaseSchema>;
export type ReleaseDraftJson = z.infer<typeof releaseDraftSchema>;
export type ReleaseComparisonJson = z.infer<typeof releaseComparisonSchema>;
