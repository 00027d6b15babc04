/** Shapes shared by the instructions generator, the instructions panel and `GET /api/v1/apps/{slug}/instructions`. */

export type InstructionTool = "docker" | "podman" | "skopeo" | "buildx";
export type InstructionField = "image" | "tag" | "localImage";

export interface InstructionsInput {
  /** REGISTRY_HOST, e.g. `registry.example.com` or `localhost:3000`; a scheme is tolerated. */
  registryHost: string;
  appSlug: string;
  userEmail: string;
  /**
   * The image on the user's machine. Omitted (API callers) means "same as the target's
   * image:tag"; an empty string (the user cleared the field) is reported as a problem.
   */
  localImage?: string;
  image: string;
  tag: string;
  /** Absolute or app-relative URL of the personal access tokens page. */
  tokensUrl: string;
}

export interface InstructionProblem {
  field: InstructionField;
  message: string;
}

export interface InstructionStep {
  label: string;
  command: string;
  note?: string;
}

export interface InstructionGroup {
  tool: InstructionTool;
  title: string;
  steps: InstructionStep[];
}

export interface Instructions {
  valid: boolean;
  problems: InstructionProblem[];
  /** `<host>/<slug>/<image>:<tag>`, with placeholders for the parts that are invalid. */
  target: string;
  groups: InstructionGroup[];
}
