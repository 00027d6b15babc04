/**
 * One builder per client tool. Each receives values that are already quoted (or are
 * `<placeholders>` the user still has to fill in) and only arranges them into steps.
 */
import type { RegistryAddress } from "./registry-host";
import type { InstructionGroup, InstructionStep } from "./types";

export interface CommandValues {
  address: RegistryAddress;
  /** Registry host ready for a command line. */
  host: string;
  /** `<host>/<slug>/<image>:<tag>`, ready for a command line. */
  target: string;
  localImage: string;
  tag: string;
  user: string;
  tokensUrl: string;
}

const MULTI_PLATFORMS = "linux/amd64,linux/arm64";
const BUILDER_NAME = "slipway-multiplatform";

/** The sentence every login step carries: what to type as the password, and the non-interactive form. */
function describePassword(v: CommandValues, loginCommand: string): string {
  return (
    `Use a personal access token as the password (create one at ${v.tokensUrl}). ` +
    `In scripts, pipe it in instead: printf '%s' "$SLIPWAY_TOKEN" | ${loginCommand} --password-stdin`
  );
}

function describePlainHttp(v: CommandValues, flag: string, tool: string): string {
  return `${flag} because ${v.address.host} serves plain HTTP; ${tool} verifies TLS for every registry unless told not to, loopback included.`;
}

/** Docker's login step, shared by the docker and buildx groups (buildx pushes with Docker's credentials). */
function buildDockerLogin(v: CommandValues): InstructionStep {
  const command = `docker login ${v.host} -u ${v.user}`;
  const notes = [describePassword(v, command)];
  if (v.address.isPlainHttp && !v.address.isLoopback) {
    notes.push(`${v.address.host} serves plain HTTP: add it to "insecure-registries" in /etc/docker/daemon.json and restart Docker first.`);
  }
  return { label: "Log in", command, note: notes.join(" ") };
}

/** docker tag, login, push. Docker already allows plain HTTP to loopback registries. */
export function buildDockerGroup(v: CommandValues): InstructionGroup {
  return {
    tool: "docker",
    title: "Docker",
    steps: [
      { label: "Tag your local image", command: `docker tag ${v.localImage} ${v.target}` },
      buildDockerLogin(v),
      { label: "Push", command: `docker push ${v.target}` },
    ],
  };
}

/** podman tag, login, push; podman has no loopback exception, so plain HTTP needs --tls-verify=false. */
export function buildPodmanGroup(v: CommandValues): InstructionGroup {
  const tls = v.address.isPlainHttp ? " --tls-verify=false" : "";
  const login = `podman login${tls} ${v.host} -u ${v.user}`;
  const loginNotes = [describePassword(v, login)];
  if (tls) loginNotes.push(describePlainHttp(v, "--tls-verify=false", "podman"));
  return {
    tool: "podman",
    title: "Podman",
    steps: [
      { label: "Tag your local image", command: `podman tag ${v.localImage} ${v.target}` },
      { label: "Log in", command: login, note: loginNotes.join(" ") },
      { label: "Push", command: `podman push${tls} ${v.target}` },
    ],
  };
}

/** skopeo copies straight from files on disk: an OCI layout directory or a `docker save` archive. */
export function buildSkopeoGroup(v: CommandValues): InstructionGroup {
  const plain = v.address.isPlainHttp;
  const loginTls = plain ? " --tls-verify=false" : "";
  const destTls = plain ? " --dest-tls-verify=false" : "";
  const tlsNote = plain ? ` ${describePlainHttp(v, "--dest-tls-verify=false", "skopeo")}` : "";
  const login = `skopeo login${loginTls} ${v.host} -u ${v.user}`;
  const loginNotes = [
    describePassword(v, login),
    `Or skip the login and add --dest-creds ${v.user}:<token> to skopeo copy.`,
  ];
  if (plain) loginNotes.push(describePlainHttp(v, "--tls-verify=false", "skopeo"));
  return {
    tool: "skopeo",
    title: "skopeo",
    steps: [
      { label: "Log in", command: login, note: loginNotes.join(" ") },
      {
        label: "Copy from an OCI layout",
        command: `skopeo copy --all${destTls} oci:./layout:${v.tag} docker://${v.target}`,
        note: `Copies the image tagged ${v.tag} in the OCI layout directory ./layout, every platform of it (--all).${tlsNote}`,
      },
      {
        label: "Copy from a docker-archive",
        command: `skopeo copy${destTls} docker-archive:./image.tar docker://${v.target}`,
        note: `Make the archive with: docker save -o image.tar ${v.localImage}${tlsNote}`,
      },
    ],
  };
}

/** Builds and pushes linux/amd64 and linux/arm64 in one go; needs a docker-container builder. */
export function buildBuildxGroup(v: CommandValues): InstructionGroup {
  const network = v.address.isLoopback ? " --driver-opt network=host" : "";
  const builderNotes = [
    "Once per machine: the default builder cannot push several platforms at once.",
    "Building for another CPU architecture runs under QEMU; if it is missing, install it with: docker run --privileged --rm tonistiigi/binfmt --install all",
  ];
  if (network) {
    builderNotes.push(`network=host lets the builder container reach ${v.address.host}, which only listens on this machine.`);
  }
  const buildNotes = ["Run it where your Dockerfile is; the last argument is the build context."];
  if (v.address.isPlainHttp && !v.address.isLoopback) {
    buildNotes.push(`${v.address.host} serves plain HTTP: the builder needs [registry."${v.address.host}"] http = true in its buildkitd.toml (docker buildx create --config).`);
  }
  return {
    tool: "buildx",
    title: "Multi-platform (docker buildx)",
    steps: [
      {
        label: "Create a multi-platform builder",
        command: `docker buildx create --name ${BUILDER_NAME} --driver docker-container${network} --use`,
        note: builderNotes.join(" "),
      },
      buildDockerLogin(v),
      {
        label: "Build and push",
        command: `docker buildx build --platform ${MULTI_PLATFORMS} -t ${v.target} --push .`,
        note: buildNotes.join(" "),
      },
    ],
  };
}
