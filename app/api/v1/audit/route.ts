import { TEAM_ROUTES } from "@/lib/api/openapi/teams";
import { json, withApi } from "@/lib/api/with-api";
import { exportAuditCsv, listAuditEvents } from "@/lib/audit/list-audit-events";

export const dynamic = "force-dynamic";

// GET /api/v1/audit?app=&actor=&action=&from=&to=&cursor=&limit=: the team's audit events, newest first, keyset-paged; `format=csv` exports them all.
export const GET = withApi(TEAM_ROUTES.audit, async ({ principal, query: { format, ...query } }) => {
  if (format === "csv") {
    return new Response(await exportAuditCsv(principal, query), {
      headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": 'attachment; filename="audit.csv"' },
    });
  }
  return json(await listAuditEvents(principal, query));
});
