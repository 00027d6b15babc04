import type { z } from "zod";
import type { appSchema } from "@/lib/api/openapi/apps";

/** An application as the API returns it (dates as ISO strings): the response schema of the app routes. */
export type AppSummary = z.infer<typeof appSchema>;
