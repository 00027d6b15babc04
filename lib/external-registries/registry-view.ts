/**
 * What the portal and the API show of an external registry. The view is built from a
 * `select` that leaves the encrypted secret out, so no code path that renders a view
 * ever holds the ciphertext, let alone the password: only that one is set, and when.
 */
import { describeRegistryKind, type RegistryKind } from "@/lib/external/endpoint";

export interface ExternalRegistryView {
  /** The `source` value in release YAML; unique within the team. */
  name: string;
  /** The stored, normalised endpoint: `[http://]host[:port][/namespace]`. */
  endpoint: string;
  kind: RegistryKind;
  /** "Quay", "Docker Hub", ... */
  kindLabel: string;
  /** Which credentials this provider wants. */
  credentialHint: string;
  username: string;
  /** Always true: a registry is never stored without a secret, and the secret never leaves the server. */
  hasSecret: true;
  secretUpdatedAt: Date;
  createdAt: Date;
  updatedAt: Date;
  /** What normalising the endpoint changed or assumed; on create and update answers only. */
  endpointNotes?: string[];
}

/** The columns a view is built from; `secretEncrypted` is deliberately absent. */
export const REGISTRY_VIEW_SELECT = {
  name: true,
  endpoint: true,
  kind: true,
  username: true,
  secretUpdatedAt: true,
  createdAt: true,
  updatedAt: true,
} as const;

export interface RegistryViewRow {
  name: string;
  endpoint: string;
  kind: string;
  username: string;
  secretUpdatedAt: Date;
  createdAt: Date;
  updatedAt: Date;
}

const KINDS: ReadonlySet<string> = new Set<RegistryKind>(["dockerhub", "quay", "ghcr", "gcr", "ecr", "gitlab", "generic"]);

/** Builds the public view from the selected columns, copying each field by name (never spreading the row). */
export function toRegistryView(row: RegistryViewRow, endpointNotes?: string[]): ExternalRegistryView {
  const kind = KINDS.has(row.kind) ? (row.kind as RegistryKind) : "generic";
  const { label, credentialHint } = describeRegistryKind(kind);
  return {
    name: row.name,
    endpoint: row.endpoint,
    kind,
    kindLabel: label,
    credentialHint,
    username: row.username,
    hasSecret: true,
    secretUpdatedAt: row.secretUpdatedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    ...(endpointNotes && endpointNotes.length > 0 ? { endpointNotes } : {}),
  };
}
