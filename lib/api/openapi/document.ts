/**
 * The OpenAPI 3.1 description of /api/v1, served at /api/v1/openapi.json. Each
 * feature contributes its paths; a test checks that every route file is described.
 */
import { ACCOUNT_PATHS, ACCOUNT_SCHEMAS } from "./account-paths";
import { AIRGAP_PATHS, AIRGAP_SCHEMAS } from "./airgap-paths";
import { APP_PATHS, APP_SCHEMAS } from "./app-paths";
import { CUSTOMER_PATHS, CUSTOMER_SCHEMAS } from "./customer-paths";
import { IMAGE_PATHS, IMAGE_SCHEMAS } from "./image-paths";
import { PULL_PATHS, PULL_SCHEMAS } from "./pull-paths";
import { RELEASE_PATHS, RELEASE_SCHEMAS } from "./release-paths";
import { REGISTRY_PATHS, REGISTRY_SCHEMAS } from "./registry-paths";
import { SHARED_SCHEMAS } from "./shared";
import { STORAGE_PATHS, STORAGE_SCHEMAS } from "./storage-paths";
import { TEAM_PATHS, TEAM_SCHEMAS } from "./team-paths";

export function buildOpenApiDocument(serverUrl = "/api/v1") {
  return {
    openapi: "3.1.0",
    info: {
      title: "Slipway API",
      version: "1.0.0",
      description:
        "Applications, their private registries, external registries, releases, channels, customers and licenses. Authenticate with a personal access token (`Authorization: Bearer <token>`) or the browser session. Errors are `{error: {code, message}}`.",
    },
    servers: [{ url: serverUrl }],
    security: [{ bearer: [] }, { session: [] }],
    paths: { ...ACCOUNT_PATHS, ...APP_PATHS, ...IMAGE_PATHS, ...REGISTRY_PATHS, ...RELEASE_PATHS, ...AIRGAP_PATHS, ...CUSTOMER_PATHS, ...PULL_PATHS, ...STORAGE_PATHS, ...TEAM_PATHS },
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "A personal access token from the Tokens page or POST /tokens." },
        basic: { type: "http", scheme: "basic", description: "E-mail and password." },
        session: { type: "apiKey", in: "cookie", name: "next-auth.session-token" },
        license: { type: "http", scheme: "bearer", description: "A customer's license ID (customer-side routes only)." },
      },
      schemas: { ...SHARED_SCHEMAS, ...ACCOUNT_SCHEMAS, ...APP_SCHEMAS, ...IMAGE_SCHEMAS, ...REGISTRY_SCHEMAS, ...RELEASE_SCHEMAS, ...AIRGAP_SCHEMAS, ...CUSTOMER_SCHEMAS, ...PULL_SCHEMAS, ...STORAGE_SCHEMAS, ...TEAM_SCHEMAS },
    },
  };
}
