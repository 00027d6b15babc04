/**
 * The release text from a request: raw YAML (`application/yaml`, `text/yaml`,
 * `application/x-yaml`, `text/plain`) or JSON `{yaml}`. Bodies over 1 MiB of YAML are
 * refused with `payload_too_large` before anything is parsed. JSON `{yaml, notes}` bodies
 * (creating a release, saving a draft) are read by withApi from the route's contract, up to
 * MAX_RELEASE_BODY_BYTES, and checked with assertReleaseSize.
 */
import { readBodyText } from "@/lib/api/parse";
import { AppError, isAppError } from "@/lib/errors";
import { MAX_RELEASE_YAML_BYTES } from "@/lib/releases";
import { assertReleaseSize, releaseTooLarge } from "./release-input";

const YAML_TYPES = new Set(["application/yaml", "text/yaml", "application/x-yaml", "text/x-yaml", "text/plain"]);
/** The most bytes of a JSON release body: escaping can double a YAML text's size (quotes, newlines), plus the envelope. */
export const MAX_RELEASE_BODY_BYTES = 2 * MAX_RELEASE_YAML_BYTES + 4096;

/** Reads the release YAML from the body, whichever of the accepted forms it comes in. */
export async function readReleaseBody(request: Request): Promise<string> {
  const type = (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  const isJson = type === "application/json";
  if (!isJson && !YAML_TYPES.has(type)) {
    throw new AppError("invalid_input", `Content-Type: send the release as application/yaml (or text/yaml), or as JSON {"yaml": "..."}; got ${type || "none"}.`, {
      details: [{ path: "Content-Type", issue: `${type || "missing"} is not accepted` }],
    });
  }
  const text = await readLimited(request, isJson ? MAX_RELEASE_BODY_BYTES : MAX_RELEASE_YAML_BYTES);
  const yaml = isJson ? readJsonYaml(text) : text;
  assertReleaseSize(yaml);
  return yaml;
}

async function readLimited(request: Request, limit: number): Promise<string> {
  try {
    return await readBodyText(request, limit);
  } catch (error) {
    if (isAppError(error) && error.code === "payload_too_large") throw releaseTooLarge();
    throw error;
  }
}

function readJsonYaml(text: string): string {
  const yaml = (parseJson(text) as { yaml?: unknown } | null)?.yaml;
  if (typeof yaml !== "string") throw new AppError("invalid_input", "yaml: send the release YAML as a string", { details: [{ path: "yaml", issue: "must be a string" }] });
  return yaml;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("invalid_input", 'body: is not valid JSON; send {"yaml": "...", "notes": "..."} with Content-Type: application/json.', {
      details: [{ path: "body", issue: "not valid JSON" }],
    });
  }
}
