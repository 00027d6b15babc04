/**
 * Docker token-auth scopes (distribution docs "Token Scope Documentation"):
 * `repository:<name>:<actions>` and `registry:catalog:*`, as requested from the token
 * endpoint, granted inside the JWT's `access` claim, and echoed in 401 challenges.
 */
export const REGISTRY_ACTIONS = ["pull", "push", "delete"] as const;
export type RegistryAction = (typeof REGISTRY_ACTIONS)[number];

export interface AccessEntry {
  type: string;
  name: string;
  actions: string[];
}

export function isRegistryAction(value: string): value is RegistryAction {
  return (REGISTRY_ACTIONS as readonly string[]).includes(value);
}

/**
 * Parses one scope; the name may itself contain colons only in the middle, so the type is
 * everything before the first colon and the actions everything after the last one.
 * Resource classes (`repository(plugin)`) are dropped. Returns null when malformed.
 */
export function parseScope(scope: string): AccessEntry | null {
  const first = scope.indexOf(":");
  const last = scope.lastIndexOf(":");
  if (first <= 0 || last === first) return null;
  const type = scope.slice(0, first).replace(/\(.*\)$/, "");
  const name = scope.slice(first + 1, last);
  const actions = scope
    .slice(last + 1)
    .split(",")
    .map((action) => action.trim())
    .filter(Boolean);
  if (!type || !name) return null;
  const expanded = type === "repository" && actions.includes("*") ? [...REGISTRY_ACTIONS] : actions;
  return { type, name, actions: [...new Set(expanded)] };
}

/**
 * Parses every `scope` value of a token request (the parameter may repeat, and one value may
 * hold several scopes separated by spaces), merging the actions asked for the same resource.
 */
export function parseScopes(values: readonly string[]): AccessEntry[] {
  const merged = new Map<string, AccessEntry>();
  for (const value of values) {
    for (const part of value.split(/\s+/).filter(Boolean)) {
      const entry = parseScope(part);
      if (!entry) continue;
      const key = `${entry.type}\u0000${entry.name}`;
      const known = merged.get(key);
      if (known) known.actions = [...new Set([...known.actions, ...entry.actions])];
      else merged.set(key, entry);
    }
  }
  return [...merged.values()];
}

/** Formats a scope for a challenge: `repository:app/web:pull,push`. */
export function formatScope(entry: AccessEntry): string {
  return `${entry.type}:${entry.name}:${entry.actions.join(",")}`;
}

/** The actions an access list grants on one resource, or null when the list has no entry for it. */
export function findGrantedActions(access: readonly AccessEntry[], type: string, name: string): string[] | null {
  const entries = access.filter((entry) => entry.type === type && entry.name === name);
  if (entries.length === 0) return null;
  return [...new Set(entries.flatMap((entry) => entry.actions))];
}
