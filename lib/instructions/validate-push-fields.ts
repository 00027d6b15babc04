/**
 * Checks what the user typed into the instructions panel and explains each problem in
 * words that can sit beside the field. Grammar comes from lib/registry/names.
 */
import { explainRepositoryName, explainTag, MAX_REPOSITORY_NAME_LENGTH } from "@/lib/registry/names";
import type { InstructionProblem } from "./types";

export interface PushFields {
  registryHost: string;
  appSlug: string;
  localImage?: string;
  image: string;
  tag: string;
}

/** Explains why `image` cannot follow `<host>/<slug>/`, or null; the length limit covers `<slug>/<image>`. */
export function explainImageField(image: string, appSlug: string, registryHost: string): string | null {
  if (registryHost !== "" && image.startsWith(`${registryHost}/`)) {
    return `leave out "${registryHost}/${appSlug}/"; it is added for you`;
  }
  const versionAt = image.search(/[:@]/);
  if (versionAt > 0 && explainRepositoryName(image.slice(0, versionAt)) === null) {
    return `the name stops before "${image[versionAt]}"; put the version in the version field`;
  }
  const reason = explainRepositoryName(image);
  if (reason) return reason;
  const fullName = `${appSlug}/${image}`;
  if (fullName.length > MAX_REPOSITORY_NAME_LENGTH) {
    return `with the application prefix "${appSlug}/" the name is ${fullName.length} characters long; the limit is ${MAX_REPOSITORY_NAME_LENGTH}`;
  }
  return null;
}

/** Explains why a local image reference cannot be pasted into a command, or null. */
export function explainLocalImage(localImage: string): string | null {
  if (localImage.length === 0) return "the local image is empty";
  if (/\s/.test(localImage)) return "the local image may not contain spaces or line breaks";
  if (localImage.startsWith("-")) return `the local image may not start with "-"; the tool would read it as an option`;
  return null;
}

/** Returns one problem per invalid field, in the order the panel shows the fields. */
export function validatePushFields(fields: PushFields): InstructionProblem[] {
  const problems: InstructionProblem[] = [];
  if (fields.localImage !== undefined) {
    const reason = explainLocalImage(fields.localImage);
    if (reason) problems.push({ field: "localImage", message: reason });
  }
  const imageReason = explainImageField(fields.image, fields.appSlug, fields.registryHost);
  if (imageReason) problems.push({ field: "image", message: imageReason });
  const tagReason = explainTag(fields.tag);
  if (tagReason) problems.push({ field: "tag", message: tagReason });
  return problems;
}
