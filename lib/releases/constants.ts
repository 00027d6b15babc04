/** Limits and Kubernetes facts the release preview relies on. */

/** The pull secret customers' clusters get, whatever the image source. */
export const PULL_SECRET_NAME = "replicatedregistrykey";

/** Larger releases are refused before parsing. */
export const MAX_RELEASE_YAML_BYTES = 1024 * 1024;

/** Cap on alias expansion per document (the `yaml` package's `maxAliasCount`). */
export const MAX_ALIAS_COUNT = 100;

/** Workload kinds whose pod templates hold container images. */
export type WorkloadKind =
  | "Pod"
  | "ReplicationController"
  | "Deployment"
  | "StatefulSet"
  | "DaemonSet"
  | "ReplicaSet"
  | "Job"
  | "CronJob";

/** The API versions the rewriter knows, per kind; anything else is left untouched. */
export const REWRITABLE_API_VERSIONS: Record<WorkloadKind, readonly string[]> = {
  Pod: ["v1"],
  ReplicationController: ["v1"],
  Deployment: ["apps/v1"],
  StatefulSet: ["apps/v1"],
  DaemonSet: ["apps/v1"],
  ReplicaSet: ["apps/v1"],
  Job: ["batch/v1"],
  CronJob: ["batch/v1", "batch/v1beta1"],
};

/** The apiVersion a deprecated resource migrates to. */
export const CURRENT_API_VERSIONS: Record<WorkloadKind, string> = {
  Pod: "v1",
  ReplicationController: "v1",
  Deployment: "apps/v1",
  StatefulSet: "apps/v1",
  DaemonSet: "apps/v1",
  ReplicaSet: "apps/v1",
  Job: "batch/v1",
  CronJob: "batch/v1",
};

/** Rewritten but flagged: Kubernetes removed these versions (value says when). */
export const REMOVED_BUT_REWRITTEN: Record<string, string> = {
  "CronJob batch/v1beta1": "Kubernetes 1.25",
};

/** Kinds whose `apps/v1` form requires `spec.selector`, which older versions defaulted from the labels. */
export const SELECTOR_KINDS: ReadonlySet<string> = new Set(["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"]);

/** Where the pod spec sits inside each workload kind. */
export const POD_SPEC_PATHS: Record<WorkloadKind, readonly string[]> = {
  Pod: ["spec"],
  ReplicationController: ["spec", "template", "spec"],
  Deployment: ["spec", "template", "spec"],
  StatefulSet: ["spec", "template", "spec"],
  DaemonSet: ["spec", "template", "spec"],
  ReplicaSet: ["spec", "template", "spec"],
  Job: ["spec", "template", "spec"],
  CronJob: ["spec", "jobTemplate", "spec", "template", "spec"],
};

export const CONTAINER_FIELDS = ["containers", "initContainers", "ephemeralContainers"] as const;

export function isWorkloadKind(kind: string): kind is WorkloadKind {
  return Object.hasOwn(POD_SPEC_PATHS, kind);
}
