import { z } from "zod";
import { parseQuery } from "@/lib/api/parse";
import { json, withApi } from "@/lib/api/with-api";
import { compareReleases } from "@/lib/release-store/compare-releases";

export const dynamic = "force-dynamic";

const sequence = z.coerce.number({ error: "must be a release number" }).int("must be a whole number").min(1, "must be at least 1");
const compareQuerySchema = z.object({ from: sequence, to: sequence });

// GET /api/v1/apps/{slug}/releases/compare?from=&to=: the line diff from release `from` to release `to`.
export const GET = withApi<{ slug: string }>(async ({ principal, params, request }) => {
  const { from, to } = parseQuery(request, compareQuerySchema);
  return json(await compareReleases(principal, params.slug, from, to));
});
