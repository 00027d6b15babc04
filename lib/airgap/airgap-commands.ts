/**
 * The commands a customer runs with an airgap bundle: download it with the license
 * (resuming with `curl -C -`), check it against the published sha256, copy every image
 * into their registry with skopeo straight from the tar, and apply the release with the
 * registry's address put in for `${LOCAL_REGISTRY}`. Pure; the pages show them with copy
 * buttons.
 */
import { MANIFESTS_PATH, REF_NAME_ANNOTATION } from "./bundle-files";

export interface AirgapCommandInput {
  /** Where customers reach the portal, e.g. `https://vendor.example.com`. */
  origin: string;
  sequence: number;
  fileName: string;
  sha256: string;
  /** The license ID, or its masked form for the screen. */
  licenseId: string;
}

export interface AirgapCommand {
  label: string;
  command: string;
  note?: string;
}

/** The bundle's file name as downloads save it. */
export function formatBundleFileName(slug: string, sequence: number): string {
  return `${slug}-release-${sequence}-airgap.tar`;
}

/** Download, verify, load into the customer's registry, install. */
export function buildAirgapCommands(input: AirgapCommandInput): AirgapCommand[] {
  const file = input.fileName;
  const names = `tar -xOf ${file} index.json | jq -r '.manifests[].annotations["${REF_NAME_ANNOTATION}"]'`;
  return [
    {
      label: "Download the bundle (run it again to resume an interrupted download)",
      command: `curl -fS -C - -H "Authorization: Bearer ${input.licenseId}" -o ${file} ${input.origin}/api/v1/license/airgap/${input.sequence}`,
    },
    { label: "Verify it", command: `echo "${input.sha256}  ${file}" | sha256sum -c -`, note: "Prints OK when the file is exactly the bundle that was published." },
    {
      label: "Copy every image into your registry",
      command: `export LOCAL_REGISTRY=registry.internal:5000\nfor name in $(${names}); do\n  skopeo copy --all oci-archive:${file}:$name docker://$LOCAL_REGISTRY/$name\ndone`,
      note: "Set LOCAL_REGISTRY to your registry's address; add --dest-creds user:password if it needs a login. Each image keeps its digest.",
    },
    {
      label: "Install the release from your registry",
      command: `tar -xOf ${file} ${MANIFESTS_PATH} | envsubst '\${LOCAL_REGISTRY}' | kubectl apply -n <namespace> -f -`,
      note: "The manifests name every image under ${LOCAL_REGISTRY}; envsubst puts in your registry's address.",
    },
  ];
}
