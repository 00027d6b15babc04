/**
 * Every diagnostic the release preview reports, with its usual severity and a short
 * explanation of why it matters. A LintConfig document may change the level of any
 * rule except the structural ones: a document that cannot be read cannot be shipped.
 */
import type { DiagnosticCode, DiagnosticSeverity } from "./types";

export interface ReleaseRule {
  severity: DiagnosticSeverity;
  /** Whether a LintConfig document may change its level. */
  isConfigurable: boolean;
  explanation: string;
}

export const RELEASE_RULES: Readonly<Record<DiagnosticCode, ReleaseRule>> = {
  "yaml-too-large": { severity: "error", isConfigurable: false, explanation: "Releases over 1 MiB are not previewed." },
  "yaml-syntax": { severity: "error", isConfigurable: false, explanation: "A document that does not parse is left out of the preview and cannot be installed." },
  "yaml-alias-limit": { severity: "error", isConfigurable: false, explanation: "Too many alias expansions (a YAML bomb) are refused." },
  "invalid-document": { severity: "error", isConfigurable: false, explanation: "Each document must be a Kubernetes object, the images: config or the LintConfig." },
  "invalid-lint-config": { severity: "error", isConfigurable: false, explanation: "The LintConfig document names an unknown rule or level." },
  "invalid-field": { severity: "error", isConfigurable: true, explanation: "A field the preview needs (containers, images:, imagePullSecrets) has the wrong shape." },
  "invalid-image-reference": { severity: "error", isConfigurable: true, explanation: "An image that is not a valid reference cannot be pulled." },
  "missing-pull-secret": { severity: "error", isConfigurable: true, explanation: "Private images need the replicatedregistrykey pull secret in the pod spec." },
  "deprecated-api-version": { severity: "warning", isConfigurable: true, explanation: "Kubernetes removed this apiVersion, or the rewriter does not handle it." },
  "namespace-set": { severity: "warning", isConfigurable: true, explanation: "A hard-coded namespace leaves the application's namespace, where the pull secret is." },
  "latest-tag": { severity: "warning", isConfigurable: true, explanation: "latest or untagged images are pulled again on every start, which fails in airgapped clusters." },
  "image-not-in-images-section": { severity: "warning", isConfigurable: true, explanation: "Images missing from images: are not in the airgap bundle, and the proxy refuses external ones." },
  "unknown-image-source": { severity: "error", isConfigurable: true, explanation: "An images: entry names a source that is not registered." },
  "image-not-found": { severity: "warning", isConfigurable: true, explanation: "The tag was not found in the registry it comes from." },
  "unused-image": { severity: "info", isConfigurable: true, explanation: "An images: entry no resource uses still goes into the airgap bundle." },
  "invalid-kubernetes-object": { severity: "error", isConfigurable: true, explanation: "The object does not match its Kubernetes schema, so the cluster would reject it." },
  "unknown-kind": { severity: "warning", isConfigurable: true, explanation: "Kubernetes has no such kind and the release does not define it with a CustomResourceDefinition; its fields are not checked." },
  "duplicate-object": { severity: "error", isConfigurable: true, explanation: "Two objects with the same kind, namespace and name overwrite each other on install." },
  "container-resources-missing": { severity: "info", isConfigurable: true, explanation: "Without resource requests and limits the scheduler cannot place the pod predictably and it can starve its neighbours." },
  privileged: { severity: "warning", isConfigurable: true, explanation: "A privileged container has root access to the customer's node." },
  "allow-privilege-escalation": { severity: "warning", isConfigurable: true, explanation: "allowPrivilegeEscalation: true lets a process gain more privileges than its parent (setuid binaries)." },
  "host-path-volume": { severity: "warning", isConfigurable: true, explanation: "hostPath volumes read or write the customer's node's file system and tie the pod to one node." },
  "docker-socket": { severity: "warning", isConfigurable: true, explanation: "Mounting the container runtime's socket gives the pod control of every container on the node." },
  "may-contain-secrets": { severity: "info", isConfigurable: true, explanation: "A literal value looks like a password, token or key; every customer receives the same value." },
};

/** The rule codes in the order the table lists them. */
export const RULE_CODES = Object.keys(RELEASE_RULES) as DiagnosticCode[];

export function isRuleCode(value: string): value is DiagnosticCode {
  return Object.hasOwn(RELEASE_RULES, value);
}
