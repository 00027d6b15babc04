import { LICENSE_ROUTES } from "@/lib/api/openapi/customers";
import { json, withApi } from "@/lib/api/with-api";
import { getAppLicenseKey } from "@/lib/customers/licenses";

export const dynamic = "force-dynamic";

// GET /api/v1/apps/{slug}/license-key: the public key (PEM, SPKI, Ed25519) that verifies the app's license files offline.
export const GET = withApi(LICENSE_ROUTES.publicKey, async ({ principal, params }) => json({ publicKey: await getAppLicenseKey(principal, params.slug) }));
