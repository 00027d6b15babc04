/**
 * The shapes of the release preview, exactly as the JSON API returns them and the
 * editor consumes them. Everything here is plain data (JSON-serialisable).
 */

/** What the preview needs to know about the application it previews for. */
export interface ReleaseContext {
  /** Host (and port) of this portal's registry, e.g. `registry.example.com`. */
  registryHost: string;
  appSlug: string;
  /** Registered external registries; endpoint is normalised `host[:port][/namespace/path]`. */
  externalRegistries: { name: string; endpoint: string }[];
}

/** A parsed Docker/OCI reference with Docker Hub's implicit parts made explicit. */
export interface ImageReference {
  /** Lower-case host[:port]; Docker Hub is `index.docker.io`. */
  registry: string;
  /** Path under the registry; Docker Hub official images get `library/`. */
  repository: string;
  tag: string | null;
  digest: string | null;
}

export type DiagnosticSeverity = "error" | "warning" | "info";

export type DiagnosticCode =
  | "yaml-too-large"
  | "yaml-syntax"
  | "yaml-alias-limit"
  | "invalid-document"
  | "invalid-field"
  | "invalid-image-reference"
  | "missing-pull-secret"
  | "deprecated-api-version"
  | "namespace-set"
  | "latest-tag"
  | "image-not-in-images-section"
  | "unknown-image-source"
  | "image-not-found"
  | "unused-image"
  | "invalid-kubernetes-object"
  | "unknown-kind"
  | "duplicate-object"
  | "container-resources-missing"
  | "privileged"
  | "allow-privilege-escalation"
  | "host-path-volume"
  | "docker-socket"
  | "may-contain-secrets"
  | "invalid-lint-config";

/** What a LintConfig document may set a rule to; `warn` is the `warning` severity. */
export type RuleLevel = "error" | "warn" | "info" | "off";

/** Keys from a document's root to a node: mapping keys and list indexes. */
export type NodePath = (string | number)[];

/** A one-click fix the editor can apply with `applyFix`; it locates its target again in the text. */
export type ReleaseFix =
  | {
      kind: "add-pull-secret";
      label: string;
      /** 0-based index of the YAML document in the stream. */
      document: number;
      /** Keys from the document root to the pod spec mapping, e.g. `["spec", "template", "spec"]`. */
      path: string[];
    }
  | { kind: "migrate-api-version"; label: string; document: number; from: string; to: string }
  /** Adds `{source, name, tag}` to the release config's images: (creating the config when there is none). */
  | { kind: "add-image-entry"; label: string; source: string; name: string; tag: string }
  /** Removes the images: entry that resolves to `reference`. */
  | { kind: "remove-image-entry"; label: string; reference: string }
  | { kind: "remove-namespace"; label: string; document: number }
  /** Sets `imagePullPolicy: IfNotPresent` on the container mapping at `path`. */
  | { kind: "set-pull-policy"; label: string; document: number; path: NodePath }
  /** Sets `securityContext.<field>: false` on the container mapping at `path`. */
  | { kind: "disable-security-flag"; label: string; document: number; path: NodePath; field: "privileged" | "allowPrivilegeEscalation" };

export interface Diagnostic {
  code: DiagnosticCode;
  severity: DiagnosticSeverity;
  message: string;
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  column?: number;
  /** Character offsets into the release text (editor ranges); `to` is exclusive. */
  from?: number;
  to?: number;
  fix?: ReleaseFix;
}

/** Where a pod image is pulled from once the release is rewritten. */
export type ImageSource = "replicated" | "external" | "proxy" | "public" | "invalid";

export type ContainerField = "containers" | "initContainers" | "ephemeralContainers";

/** Result of a live look-up: is the tag there, and (for this application's registry) what is it. */
export interface ImageAvailability {
  exists: boolean;
  digest?: string;
  size?: number;
  message?: string;
}

export interface PreviewImage {
  /** The image as written in the release. */
  image: string;
  line: number;
  column: number;
  from: number;
  to: number;
  document: number;
  resource: { kind: string; name: string | null; apiVersion: string | null };
  container: { name: string | null; field: ContainerField; index: number };
  reference: ImageReference | null;
  source: ImageSource;
  /** Name of the registered external registry the image comes from, if any. */
  externalRegistry: string | null;
  /** The image as the customer's cluster pulls it (equal to `image` when kept). */
  rewritten: string;
  isRewritten: boolean;
  /** Whether `images:` lists this repository (any tag). */
  isListed: boolean;
  /** Key into `ReleaseLookups` for the live check, or null when there is nothing to check. */
  lookupKey: string | null;
  availability: ImageAvailability | null;
}

export interface AirgapEntry {
  /** Full reference, e.g. `registry.example.com/myapp/worker:1.0.1` or `quay.io/ns/img:2.0.0`. */
  reference: string;
  /** The `source` as written in `images:`. */
  source: string;
  origin: "replicated" | "external" | "public";
  externalRegistry: string | null;
  /** What the bundler pulls: external images go through the proxy. */
  pullReference: string;
  line: number;
  lookupKey: string | null;
  exists: boolean | null;
  digest: string | null;
  /** Total compressed size in bytes. */
  size: number | null;
}

export interface ReleasePreview {
  images: PreviewImage[];
  diagnostics: Diagnostic[];
  /** The release as customers receive it; identical to the input where nothing is rewritten, empty when refused as too large. */
  rewritten: string;
  airgap: AirgapEntry[];
  /** Compressed bytes of the airgap images from this application's registry, shared layers once; null until looked up. */
  airgapTotalSize: number | null;
  /** Rule levels the release's LintConfig document sets (empty without one); look-up diagnostics honour them too. */
  ruleLevels: Partial<Record<DiagnosticCode, RuleLevel>>;
}

/** A manifest found in this application's registry. */
export interface RegistryImageInfo {
  digest: string;
  /** Total compressed size (config plus layers). */
  size: number;
  /** Blobs (config and layers) so shared layers can be counted once across images. */
  blobs?: { digest: string; size: number }[];
}

export interface UpstreamTagCheck {
  exists: boolean;
  message?: string;
}

/** Results of live look-ups, keyed by the `lookupKey`s that `listRequiredLookups` returns. */
export interface ReleaseLookups {
  replicated?: Record<string, RegistryImageInfo | null>;
  external?: Record<string, UpstreamTagCheck>;
}
