/**
 * What a customer applies: the channel's current release rewritten exactly as the
 * release preview shows it (external private images through the proxy), without the
 * release's own configuration (`images:`, LintConfig), plus the `replicatedregistrykey`
 * pull secret holding the license credentials for the registry host. The Secret carries no namespace, so it
 * lands in the application's namespace (the one `kubectl apply -n` targets); resources
 * that set their own namespace keep the preview's `namespace-set` warning.
 */
import { parseAllDocuments, stringify } from "yaml";
import { isReleaseConfigDocument, PULL_SECRET_NAME } from "@/lib/releases";

export interface InstallYamlInput {
  /** The preview's `rewritten` stream of the release. */
  rewritten: string;
  registryHost: string;
  licenseId: string;
  /** Comment lines (without `#`) that say what this file is. */
  header: string[];
}

/** The `.dockerconfigjson` value that logs a cluster in to the registry with the license. */
export function buildDockerConfigJson(registryHost: string, licenseId: string): string {
  const auth = Buffer.from(`${licenseId}:${licenseId}`).toString("base64");
  return JSON.stringify({ auths: { [registryHost]: { username: licenseId, password: licenseId, auth } } });
}

/** The pull secret as a Kubernetes Secret document. */
export function buildPullSecretYaml(registryHost: string, licenseId: string): string {
  return stringify({
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: PULL_SECRET_NAME },
    type: "kubernetes.io/dockerconfigjson",
    data: { ".dockerconfigjson": Buffer.from(buildDockerConfigJson(registryHost, licenseId)).toString("base64") },
  });
}

/** The install YAML stream: the release's resources, then the pull secret. */
export function renderInstallYaml(input: InstallYamlInput): string {
  const resources = parseAllDocuments(input.rewritten)
    .filter((document) => !("errors" in document && document.errors.length > 0))
    .filter((document) => document.contents !== null && !isReleaseConfigDocument(document.contents))
    .filter((document) => !(document.contents && "value" in document.contents && document.contents.value === null))
    .map((document) => document.toString({ lineWidth: 0 }).replace(/^---\n/, ""));
  const header = input.header.map((line) => `# ${line.replace(/[\r\n]+/g, " ")}`).join("\n");
  return `${header}\n${[...resources, buildPullSecretYaml(input.registryHost, input.licenseId)].join("---\n")}`;
}
