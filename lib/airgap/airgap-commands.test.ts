import { describe, expect, it } from "vitest";
import { buildAirgapCommands, formatBundleFileName } from "./airgap-commands";

describe("airgap commands", () => {
  const commands = buildAirgapCommands({ origin: "https://vendor.example.com", sequence: 7, fileName: formatBundleFileName("myapp", 7), sha256: "ab".repeat(32), licenseId: "L".repeat(32) });

  it("downloads with the license as bearer, resumably, and verifies against the published sha256", () => {
    expect(commands[0]!.command).toBe(`curl -fS -C - -H "Authorization: Bearer ${"L".repeat(32)}" -o myapp-release-7-airgap.tar https://vendor.example.com/api/v1/license/airgap/7`);
    expect(commands[1]!.command).toBe(`echo "${"ab".repeat(32)}  myapp-release-7-airgap.tar" | sha256sum -c -`);
  });

  it("copies each image named in index.json out of the archive with skopeo, and installs through envsubst", () => {
    expect(commands[2]!.command).toContain("skopeo copy --all oci-archive:myapp-release-7-airgap.tar:$name docker://$LOCAL_REGISTRY/$name");
    expect(commands[2]!.command).toContain(`.annotations["org.opencontainers.image.ref.name"]`);
    expect(commands[3]!.command).toBe("tar -xOf myapp-release-7-airgap.tar manifests/release.yaml | envsubst '${LOCAL_REGISTRY}' | kubectl apply -n <namespace> -f -");
  });
});
