/** The one refusal for a release that still has error diagnostics (creating or promoting it). */
import { AppError } from "@/lib/errors";
import type { Diagnostic } from "@/lib/releases";

const MAX_LISTED_ERRORS = 5;

/** `invalid_input` naming the first few errors by line; `action` completes "fix them before …". */
export function refuseWithErrors(errors: Diagnostic[], action: string): AppError {
  const listed = errors.slice(0, MAX_LISTED_ERRORS).map((error) => `line ${error.line}: ${error.message}`);
  const more = errors.length > MAX_LISTED_ERRORS ? `; and ${errors.length - MAX_LISTED_ERRORS} more` : "";
  const count = errors.length === 1 ? "1 error" : `${errors.length} errors`;
  return new AppError("invalid_input", `yaml: the release has ${count}; fix them before ${action}. ${listed.join("; ")}${more}`, {
    details: errors.map((error) => ({ path: "yaml", issue: `line ${error.line}: ${error.message} (${error.code})` })),
  });
}
