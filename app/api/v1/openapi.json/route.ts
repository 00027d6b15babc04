import { buildOpenApiDocument } from "@/lib/api/openapi/document";
import { json, withApi } from "@/lib/api/with-api";

// GET /api/v1/openapi.json: the API's OpenAPI 3.1 description.
export const GET = withApi(async () => json(buildOpenApiDocument()), { auth: "none" });
