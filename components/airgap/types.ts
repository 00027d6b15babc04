/** The airgap API's answers as the browser receives them: the routes' response schema. */
import type { z } from "zod";
import type { bundleSchema } from "@/lib/api/openapi/airgap";

export type BundleJson = z.infer<typeof bundleSchema>;
