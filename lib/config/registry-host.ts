
type Env = Record<string, string | undefined>;
/**
 * The registry address people push to and that every instruction shows:
 * `REGISTRY_HOST`, else the host and port the portal is served on.
 */
export function resolveRegistryHost(env: Env = process.env): string {
  const configured = env.REGISTRY_HOST?.trim().replace(/^[a-z]+:\/\//i, "").replace(/\/+$/, "");
  return configured || `localhost:${env.PORT || 3000}`;
}
