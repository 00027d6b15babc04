/**
 * External registry endpoints: what a vendor types (`https://quay.io/mycompany/`,
 * `docker.io`, `127.0.0.1:5000`) becomes one stored form, `host[:port][/namespace]`,
 * plus the provider it belongs to and notes the form shows.
 *
 * Scheme: HTTPS is the default and `https://` is dropped. `http://` is kept in the
 * stored endpoint as the `insecure` flag; the client then speaks plain HTTP, but only
 * to destinations the operator allows in EXTERNAL_REGISTRY_ALLOW (see `chooseScheme`
 * in guarded-request.ts). Allowed loopback hosts without a scheme also use plain HTTP.
 */
import { invalidInput } from "@/lib/errors";
import { splitAuthority, stripScheme } from "@/lib/net/host-port";
import { explainPathComponent, explainRepositoryName } from "@/lib/registry/names";

export type RegistryKind = "dockerhub" | "quay" | "ghcr" | "gcr" | "ecr" | "gitlab" | "generic";

export interface NormalisedEndpoint {
  /** The stored form: `[http://]host[:port][/namespace]`. */
  endpoint: string;
  /** Lower-case host name or IP address (IPv6 without brackets). */
  host: string;
  port?: number;
  /** Path prefix put before image names, such as `mycompany`. */
  namespace?: string;
  kind: RegistryKind;
  /** The vendor asked for plain HTTP with `http://`. */
  insecure: boolean;
  /** Sentences for the form about what was changed or assumed. */
  notes: string[];
}

export const DOCKER_HUB_HOST = "index.docker.io";
/** Docker Hub's registry API lives on a different host than its canonical name. */
export const DOCKER_HUB_API_HOST = "registry-1.docker.io";
const DOCKER_HUB_ALIASES = new Set(["docker.io", "index.docker.io", "registry-1.docker.io", "hub.docker.com", "registry.hub.docker.com"]);
const MAX_ENDPOINT_LENGTH = 255;
const HOST_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const IPV4_LITERAL = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/**
 * 4 or 6 for an IP literal, else 0: `node:net`'s `isIP` without Node, because the
 * registry form runs `normaliseEndpoint` in the browser. Zone ids (`%eth0`) are refused.
 */
export function ipLiteralVersion(text: string): 0 | 4 | 6 {
  if (IPV4_LITERAL.test(text)) return 4;
  if (!text.includes(":") || !/^[0-9a-fA-F:.]+$/.test(text)) return 0;
  try {
    // The WHATWG URL parser implements the IPv6 grammar in browsers and Node alike.
    new URL(`http://[${text}]/`);
    return 6;
  } catch {
    return 0;
  }
}

const KIND_DESCRIPTIONS: Record<RegistryKind, { label: string; credentialHint: string }> = {
  dockerhub: {
    label: "Docker Hub",
    credentialHint: "Use your Docker Hub username and a personal access token with read-only scope (Account settings → Personal access tokens), not your account password.",
  },
  quay: {
    label: "Quay",
    credentialHint: "Use a robot account: the username looks like mycompany+robotname and the password is the robot's token. Give the robot read permission on the repositories.",
  },
  ghcr: {
    label: "GitHub Container Registry",
    credentialHint: "Use your GitHub username and a personal access token (classic) with the read:packages scope.",
  },
  gcr: {
    label: "Google Artifact Registry / GCR",
    credentialHint: "Use the username _json_key and a service account's JSON key as the password; the account needs the Artifact Registry Reader role.",
  },
  ecr: {
    label: "Amazon ECR",
    credentialHint: "Use the username AWS and the output of `aws ecr get-login-password`. These passwords expire after 12 hours, so they must be refreshed.",
  },
  gitlab: {
    label: "GitLab Container Registry",
    credentialHint: "Use a deploy token (its username and token) or an access token with the read_registry scope.",
  },
  generic: {
    label: "Registry",
    credentialHint: "Use the username and password or token that `docker login` accepts for this registry; a read-only account is enough.",
  },
};

/** The provider's display name and a hint about which credentials to use. */
export function describeRegistryKind(kind: RegistryKind): { label: string; credentialHint: string } {
  return KIND_DESCRIPTIONS[kind];
}

/** Recognises the provider from a (normalised, lower-case) host name. */
export function detectRegistryKind(host: string): RegistryKind {
  if (host === DOCKER_HUB_HOST || DOCKER_HUB_ALIASES.has(host)) return "dockerhub";
  if (host === "quay.io") return "quay";
  if (host === "ghcr.io") return "ghcr";
  if (host === "gcr.io" || host.endsWith(".gcr.io") || /^[a-z0-9-]+-docker\.pkg\.dev$/.test(host)) return "gcr";
  if (/^\d{12}\.dkr\.ecr(?:-fips)?\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?$/.test(host)) return "ecr";
  if (host === "registry.gitlab.com") return "gitlab";
  return "generic";
}

/**
 * Normalises what a vendor typed into the stored endpoint form, or throws
 * `invalid_input` on the `endpoint` field with a sentence saying what is wrong.
 * Idempotent: a stored endpoint normalises to itself.
 */
export function normaliseEndpoint(input: string): NormalisedEndpoint {
  const notes: string[] = [];
  const { rest, insecure } = splitScheme(input.trim());
  if (/[?#]/.test(rest)) fail("must not contain a query (?) or fragment (#)");
  if (rest.includes("@")) fail("must not contain credentials (user@host); enter them in the username and password fields");
  const slash = rest.indexOf("/");
  const authority = slash === -1 ? rest : rest.slice(0, slash);
  let path = slash === -1 ? "" : rest.slice(slash + 1).replace(/\/+$/, "");
  const parsed = parseAuthority(authority);
  let host = parsed.host;
  let port = parsed.port;
  if (path === "v2") {
    path = "";
    notes.push("The /v2/ API path is added automatically, so it was removed from the endpoint.");
  }
  if (DOCKER_HUB_ALIASES.has(host)) {
    if (port !== undefined) fail("Docker Hub does not take a port");
    if (host !== DOCKER_HUB_HOST) notes.push(`Docker Hub (${host}) is stored as ${DOCKER_HUB_HOST}, the name Docker itself uses for it.`);
    host = DOCKER_HUB_HOST;
  }
  if (!insecure && port === 443) port = undefined;
  const namespace = path === "" ? undefined : checkNamespace(path);
  if (insecure) notes.push("Plain HTTP (http://) sends credentials unencrypted; it is only used for hosts the operator allows in EXTERNAL_REGISTRY_ALLOW.");
  const endpoint = formatEndpoint(host, port, namespace, insecure);
  if (endpoint.length > MAX_ENDPOINT_LENGTH) fail(`is ${endpoint.length} characters long; the limit is ${MAX_ENDPOINT_LENGTH}`);
  return { endpoint, host, port, namespace, kind: detectRegistryKind(host), insecure, notes };
}

function fail(issue: string): never {
  throw invalidInput("endpoint", issue);
}

function splitScheme(input: string): { rest: string; insecure: boolean } {
  if (input === "") fail("is empty; enter a registry host such as quay.io/mycompany");
  if (/\s/.test(input)) fail("must not contain spaces");
  const { rest, scheme } = stripScheme(input);
  if (scheme === undefined) return { rest, insecure: false };
  if (scheme !== "https" && scheme !== "http") fail(`uses the scheme "${scheme}://"; only https:// (the default) or http:// are possible`);
  return { rest, insecure: scheme === "http" };
}

function parseAuthority(authority: string): { host: string; port?: number } {
  if (authority === "") fail("has no host; enter a registry host such as quay.io/mycompany");
  const split = splitAuthority(authority);
  if (!split) fail(authority.startsWith("[") ? `"${authority}" is not an IPv6 address in brackets` : "an IPv6 address must be written in brackets, such as [2001:db8::1]:5000");
  let host = split.hostname;
  if (split.isBracketed) {
    if (ipLiteralVersion(host) !== 6) fail(`"[${host}]" is not an IPv6 address`);
  } else {
    host = host.replace(/\.$/, "");
    if (!ipLiteralVersion(host)) checkHostName(host);
  }
  return { host, port: split.port === undefined ? undefined : parsePort(split.port) };
}

function checkHostName(host: string): void {
  if (host.length > 253) fail("the host name is longer than 253 characters");
  const bad = host.split(".").find((label) => !HOST_LABEL.test(label));
  if (bad !== undefined) {
    fail(bad === "" ? `"${host}" has an empty part between dots` : `"${bad}" in the host name may only hold letters, digits and inner hyphens`);
  }
}

function parsePort(text: string): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) < 1 || Number(text) > 65535) fail(`"${text}" is not a port; use a number from 1 to 65535`);
  return Number(text);
}

function checkNamespace(path: string): string {
  for (const component of path.split("/")) {
    const reason = explainPathComponent(component);
    if (reason) fail(`the namespace path ${reason}`);
  }
  return path;
}

function formatEndpoint(host: string, port: number | undefined, namespace: string | undefined, insecure: boolean): string {
  const hostPart = ipLiteralVersion(host) === 6 ? `[${host}]` : host;
  return `${insecure ? "http://" : ""}${hostPart}${port === undefined ? "" : `:${port}`}${namespace ? `/${namespace}` : ""}`;
}

/**
 * Where the registry API of a stored endpoint lives: the same host and port, except
 * Docker Hub, whose v2 API is served by registry-1.docker.io.
 */
export function resolveApiHost(endpoint: NormalisedEndpoint): { host: string; port?: number } {
  return endpoint.kind === "dockerhub" ? { host: DOCKER_HUB_API_HOST } : { host: endpoint.host, port: endpoint.port };
}

/** The URL base the client calls for a stored endpoint, such as `https://registry-1.docker.io` (no `/v2/`). */
export function resolveApiBase(endpoint: string | NormalisedEndpoint, scheme?: "https" | "http"): string {
  const normalised = typeof endpoint === "string" ? normaliseEndpoint(endpoint) : endpoint;
  const { host, port } = resolveApiHost(normalised);
  const hostPart = ipLiteralVersion(host) === 6 ? `[${host}]` : host;
  return `${scheme ?? (normalised.insecure ? "http" : "https")}://${hostPart}${port === undefined ? "" : `:${port}`}`;
}

/**
 * The repository path to use on the upstream for an image name: the endpoint's
 * namespace in front, and Docker Hub's `library/` for single-name official images.
 * Throws `invalid_input` on `image` when the result breaks the OCI name grammar.
 */
export function toRepositoryPath(endpoint: NormalisedEndpoint, image: string): string {
  const path = endpoint.namespace
    ? `${endpoint.namespace}/${image}`
    : endpoint.kind === "dockerhub" && !image.includes("/")
      ? `library/${image}`
      : image;
  const reason = explainRepositoryName(path);
  if (reason) throw invalidInput("image", reason);
  return path;
}
