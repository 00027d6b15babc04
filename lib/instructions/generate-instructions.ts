/**
 * Push instructions for one application and the signed-in user: the same function runs
 * in the browser (as the user types) and behind GET /api/v1/apps/{slug}/instructions.
 */
import { buildBuildxGroup, buildDockerGroup, buildPodmanGroup, buildSkopeoGroup, type CommandValues } from "./command-groups";
import { parseRegistryAddress } from "./registry-host";
import { shellQuote } from "./shell-quote";
import type { Instructions, InstructionsInput } from "./types";
import { validatePushFields } from "./validate-push-fields";

export type { Instructions, InstructionsInput, InstructionGroup, InstructionProblem, InstructionStep, InstructionTool } from "./types";

export const PLACEHOLDERS = {
  localImage: "<local-image>",
  image: "<image>",
  tag: "<version>",
  email: "<email>",
} as const;

/** `<host>/<slug>/<image>:<tag>` for valid parts; the UI shows this as the image's future address. */
export function formatPushTarget(host: string, appSlug: string, image: string, tag: string): string {
  return `${host}/${appSlug}/${image}:${tag}`;
}

/**
 * Validates the typed fields and generates docker, podman, skopeo and buildx commands.
 * Never throws: invalid fields become problems and `<placeholders>` in the commands.
 */
export function generateInstructions(input: InstructionsInput): Instructions {
  const address = parseRegistryAddress(input.registryHost);
  const problems = validatePushFields({ ...input, registryHost: address.host });
  const isBad = (field: string) => problems.some((problem) => problem.field === field);

  const image = isBad("image") ? PLACEHOLDERS.image : input.image;
  const tag = isBad("tag") ? PLACEHOLDERS.tag : input.tag;
  const target = formatPushTarget(address.host, input.appSlug, image, tag);
  const hasPlaceholder = image !== input.image || tag !== input.tag;

  const values: CommandValues = {
    address,
    host: shellQuote(address.host),
    // A placeholder must stay visible as one, so a target that holds one is left unquoted.
    target: hasPlaceholder ? target : shellQuote(target),
    localImage: chooseLocalImage(input.localImage, isBad("localImage"), hasPlaceholder ? null : `${image}:${tag}`),
    tag,
    user: input.userEmail.trim() === "" ? PLACEHOLDERS.email : shellQuote(input.userEmail.trim()),
    tokensUrl: input.tokensUrl,
  };
  return {
    valid: problems.length === 0,
    problems,
    target,
    groups: [buildDockerGroup(values), buildPodmanGroup(values), buildSkopeoGroup(values), buildBuildxGroup(values)],
  };
}

/** An omitted local image defaults to the target's own `image:tag`, the usual name of a local build. */
function chooseLocalImage(localImage: string | undefined, isBad: boolean, fallback: string | null): string {
  if (localImage === undefined) return fallback === null ? PLACEHOLDERS.localImage : shellQuote(fallback);
  return isBad ? PLACEHOLDERS.localImage : shellQuote(localImage);
}
