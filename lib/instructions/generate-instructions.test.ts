import { describe, expect, it } from "vitest";
import { generateInstructions, type InstructionsInput, type InstructionTool } from "./generate-instructions";

const REMOTE: InstructionsInput = {
  registryHost: "registry.example.com",
  appSlug: "acme",
  userEmail: "jane@example.com",
  localImage: "api:dev",
  image: "api",
  tag: "1.2.0",
  tokensUrl: "https://portal.example.com/settings/tokens",
};
const LOOPBACK: InstructionsInput = { ...REMOTE, registryHost: "localhost:3000", tokensUrl: "http://localhost:3000/settings/tokens" };

function commandsOf(input: InstructionsInput, tool: InstructionTool): string[] {
  const group = generateInstructions(input).groups.find((candidate) => candidate.tool === tool);
  if (!group) throw new Error(`no ${tool} group`);
  return group.steps.map((step) => step.command);
}

function notesOf(input: InstructionsInput, tool: InstructionTool): string {
  return generateInstructions(input).groups.find((group) => group.tool === tool)!.steps.map((step) => step.note ?? "").join("\n");
}

describe("generateInstructions for a remote HTTPS registry", () => {
  const result = generateInstructions(REMOTE);

  it("is valid and names the target <host>/<slug>/<image>:<tag>", () => {
    expect(result.valid).toBe(true);
    expect(result.problems).toEqual([]);
    expect(result.target).toBe("registry.example.com/acme/api:1.2.0");
    expect(result.groups.map((group) => group.tool)).toEqual(["docker", "podman", "skopeo", "buildx"]);
  });

  it("generates docker tag, login with the e-mail, push", () => {
    expect(commandsOf(REMOTE, "docker")).toEqual([
      "docker tag api:dev registry.example.com/acme/api:1.2.0",
      "docker login registry.example.com -u jane@example.com",
      "docker push registry.example.com/acme/api:1.2.0",
    ]);
  });

  it("explains that a personal access token is the password, with a --password-stdin variant", () => {
    const login = result.groups[0].steps[1];
    expect(login.note).toContain("personal access token");
    expect(login.note).toContain("https://portal.example.com/settings/tokens");
    expect(login.note).toContain(`| docker login registry.example.com -u jane@example.com --password-stdin`);
  });

  it("generates podman without TLS flags", () => {
    expect(commandsOf(REMOTE, "podman")).toEqual([
      "podman tag api:dev registry.example.com/acme/api:1.2.0",
      "podman login registry.example.com -u jane@example.com",
      "podman push registry.example.com/acme/api:1.2.0",
    ]);
  });

  it("generates skopeo copies from an OCI layout and a docker-archive", () => {
    expect(commandsOf(REMOTE, "skopeo")).toEqual([
      "skopeo login registry.example.com -u jane@example.com",
      "skopeo copy --all oci:./layout:1.2.0 docker://registry.example.com/acme/api:1.2.0",
      "skopeo copy docker-archive:./image.tar docker://registry.example.com/acme/api:1.2.0",
    ]);
    expect(notesOf(REMOTE, "skopeo")).toContain("docker save -o image.tar api:dev");
    expect(notesOf(REMOTE, "skopeo")).toContain("--dest-creds jane@example.com:<token>");
    expect(notesOf(REMOTE, "skopeo")).not.toContain("tls-verify");
  });

  it("generates a two-platform buildx build that pushes", () => {
    expect(commandsOf(REMOTE, "buildx")).toEqual([
      "docker buildx create --name slipway-multiplatform --driver docker-container --use",
      "docker login registry.example.com -u jane@example.com",
      "docker buildx build --platform linux/amd64,linux/arm64 -t registry.example.com/acme/api:1.2.0 --push .",
    ]);
  });

  it("accepts multi-segment image names", () => {
    const nested = generateInstructions({ ...REMOTE, image: "team/api/worker", tag: "v1.0.0-rc.1" });
    expect(nested.valid).toBe(true);
    expect(nested.target).toBe("registry.example.com/acme/team/api/worker:v1.0.0-rc.1");
  });
});

describe("generateInstructions for a loopback registry", () => {
  it("leaves docker alone: it already allows plain HTTP to loopback", () => {
    expect(commandsOf(LOOPBACK, "docker")).toEqual([
      "docker tag api:dev localhost:3000/acme/api:1.2.0",
      "docker login localhost:3000 -u jane@example.com",
      "docker push localhost:3000/acme/api:1.2.0",
    ]);
    expect(notesOf(LOOPBACK, "docker")).not.toContain("insecure-registries");
  });

  it("adds --tls-verify=false to podman login and push, and says why", () => {
    expect(commandsOf(LOOPBACK, "podman")).toEqual([
      "podman tag api:dev localhost:3000/acme/api:1.2.0",
      "podman login --tls-verify=false localhost:3000 -u jane@example.com",
      "podman push --tls-verify=false localhost:3000/acme/api:1.2.0",
    ]);
    expect(notesOf(LOOPBACK, "podman")).toMatch(/--tls-verify=false because localhost:3000 serves plain HTTP/);
  });

  it("adds --dest-tls-verify=false to both skopeo copies, explained in their notes", () => {
    const [login, fromLayout, fromArchive] = generateInstructions(LOOPBACK).groups[2].steps;
    expect(login.command).toBe("skopeo login --tls-verify=false localhost:3000 -u jane@example.com");
    expect(fromLayout.command).toBe("skopeo copy --all --dest-tls-verify=false oci:./layout:1.2.0 docker://localhost:3000/acme/api:1.2.0");
    expect(fromArchive.command).toBe("skopeo copy --dest-tls-verify=false docker-archive:./image.tar docker://localhost:3000/acme/api:1.2.0");
    expect(fromLayout.note).toMatch(/--dest-tls-verify=false because localhost:3000 serves plain HTTP/);
    expect(fromArchive.note).toMatch(/--dest-tls-verify=false because localhost:3000 serves plain HTTP/);
  });

  it("creates the buildx builder on the host network so it can reach localhost", () => {
    expect(commandsOf(LOOPBACK, "buildx")[0]).toBe(
      "docker buildx create --name slipway-multiplatform --driver docker-container --driver-opt network=host --use",
    );
  });

  it("treats 127.0.0.1 and [::1] the same way, quoting the brackets", () => {
    expect(commandsOf({ ...REMOTE, registryHost: "127.0.0.1:5000" }, "podman")[2]).toBe("podman push --tls-verify=false 127.0.0.1:5000/acme/api:1.2.0");
    expect(commandsOf({ ...REMOTE, registryHost: "[::1]:5000" }, "docker")[2]).toBe("docker push '[::1]:5000/acme/api:1.2.0'");
  });

  it("drops the flags when the loopback host is explicitly https", () => {
    expect(commandsOf({ ...REMOTE, registryHost: "https://localhost:3000" }, "podman")[2]).toBe("podman push localhost:3000/acme/api:1.2.0");
  });
});

describe("generateInstructions for a plain-HTTP remote host", () => {
  const input = { ...REMOTE, registryHost: "http://registry.lan:5000" };

  it("uses the TLS flags and tells docker users about insecure-registries", () => {
    expect(commandsOf(input, "podman")[2]).toBe("podman push --tls-verify=false registry.lan:5000/acme/api:1.2.0");
    expect(commandsOf(input, "docker")[2]).toBe("docker push registry.lan:5000/acme/api:1.2.0");
    expect(notesOf(input, "docker")).toContain(`add it to "insecure-registries"`);
    expect(notesOf(input, "buildx")).toContain(`[registry."registry.lan:5000"] http = true`);
    expect(commandsOf(input, "buildx")[0]).not.toContain("network=host");
  });
});

describe("generateInstructions quoting", () => {
  it("quotes a local image and an e-mail with shell-special characters", () => {
    const input = { ...REMOTE, localImage: "my$app:dev(1)", userEmail: "o'neil@example.com" };
    const [tag, login] = commandsOf(input, "docker");
    expect(tag).toBe("docker tag 'my$app:dev(1)' registry.example.com/acme/api:1.2.0");
    expect(login).toBe(`docker login registry.example.com -u 'o'\\''neil@example.com'`);
    expect(notesOf(input, "skopeo")).toContain("docker save -o image.tar 'my$app:dev(1)'");
  });

  it("trims the e-mail and falls back to a placeholder when there is none", () => {
    expect(commandsOf({ ...REMOTE, userEmail: "  jane@example.com " }, "docker")[1]).toBe("docker login registry.example.com -u jane@example.com");
    expect(commandsOf({ ...REMOTE, userEmail: "" }, "docker")[1]).toBe("docker login registry.example.com -u <email>");
  });
});

describe("generateInstructions with invalid fields", () => {
  it("still returns commands, with placeholders, and the problems per field", () => {
    const result = generateInstructions({ ...REMOTE, image: "My/App", tag: "-beta" });
    expect(result.valid).toBe(false);
    expect(result.problems).toEqual([
      { field: "image", message: `"My" has uppercase letters; repository names are lowercase` },
      { field: "tag", message: `a tag may not start with "-"; start it with a letter, digit or underscore` },
    ]);
    expect(result.target).toBe("registry.example.com/acme/<image>:<version>");
    expect(commandsOf({ ...REMOTE, image: "My/App", tag: "-beta" }, "docker")).toEqual([
      "docker tag api:dev registry.example.com/acme/<image>:<version>",
      "docker login registry.example.com -u jane@example.com",
      "docker push registry.example.com/acme/<image>:<version>",
    ]);
  });

  it("replaces only the invalid part", () => {
    const result = generateInstructions({ ...REMOTE, tag: "x".repeat(129) });
    expect(result.problems).toEqual([{ field: "tag", message: "the tag is 129 characters long; the limit is 128" }]);
    expect(result.target).toBe("registry.example.com/acme/api:<version>");
    expect(commandsOf({ ...REMOTE, tag: "x".repeat(129) }, "skopeo")[1]).toContain("oci:./layout:<version>");
  });

  it("reports a bad local image without touching the target", () => {
    const result = generateInstructions({ ...REMOTE, localImage: "my app" });
    expect(result.valid).toBe(false);
    expect(result.problems.map((problem) => problem.field)).toEqual(["localImage"]);
    expect(result.target).toBe("registry.example.com/acme/api:1.2.0");
    expect(result.groups[0].steps[0].command).toBe("docker tag <local-image> registry.example.com/acme/api:1.2.0");
  });

  it("never lets a quoted placeholder through", () => {
    const result = generateInstructions({ ...REMOTE, registryHost: "[::1]:5000", image: "" });
    expect(result.groups[0].steps[2].command).toBe("docker push [::1]:5000/acme/<image>:1.2.0");
  });
});

describe("generateInstructions without a local image (API callers)", () => {
  const input: InstructionsInput = { ...REMOTE, localImage: undefined };

  it("defaults the local image to the target's image:tag", () => {
    expect(commandsOf(input, "docker")[0]).toBe("docker tag api:1.2.0 registry.example.com/acme/api:1.2.0");
    expect(generateInstructions(input).valid).toBe(true);
  });

  it("uses the placeholder when the image or tag is invalid", () => {
    expect(commandsOf({ ...input, tag: ".x" }, "docker")[0]).toBe("docker tag <local-image> registry.example.com/acme/api:<version>");
  });
});
