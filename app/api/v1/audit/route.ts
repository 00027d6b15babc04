import { json, withApi } from "@/lib/api/with-api";
import { appErrorFromZod } from "@/lib/api/error-response";
import { auditQuerySchema, exportAuditCsv, listAuditEvents } from "@/lib/audit/list-audit-events";

export const dynamic = "force-dynamic";

// GET /api/v1/audit?app=&actor=&action=&from=&to=&cursor=&limit=: the team's audit events, newest first, keyset-paged; `format=csv` exports them all.
export const GET = withApi(async ({ request, principal }) => {
  const search = new URL(request.url).searchParams;
  const parsed = auditQuerySchema.safeParse(Object.fromEntries([...search].filter(([key]) => key !== "format")));
  if (!parsed.success) throw appErrorFromZod(parsed.error);
  if (search.get("format") === "csv") {
    return new Response(await exportAuditCsv(principal, parsed.data), {
      headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": 'attachment; filename="audit.csv"' },
    });
  }
  return json(await listAuditEvents(principal, parsed.data));
});
