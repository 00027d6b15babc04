import { buildOpenApiDocument } from "@/lib/api/openapi/document";
import { META_ROUTES } from "@/lib/api/openapi/meta";
import { json, withApi } from "@/lib/api/with-api";

// GET /api/v1/openapi.json: the API's OpenAPI 3.1 description, generated from the route contracts.
export const GET = withApi(META_ROUTES.openapi, async () => json(buildOpenApiDocument()));
