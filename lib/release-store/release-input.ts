/** What callers may send to create a release or save a draft, and the size rule both obey. */
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { MAX_RELEASE_YAML_BYTES } from "@/lib/releases";

export const MAX_RELEASE_NOTES_LENGTH = 10_000;

export const releaseInputSchema = z.object({
  yaml: z.string({ error: "send the release YAML as a string" }),
  notes: z.string({ error: "must be text" }).max(MAX_RELEASE_NOTES_LENGTH, `must be at most ${MAX_RELEASE_NOTES_LENGTH} characters`).default(""),
});
export type ReleaseInput = z.infer<typeof releaseInputSchema>;

/** Refuses release text over MAX_RELEASE_YAML_BYTES (UTF-8) with a message saying what to do. */
export function assertReleaseSize(yamlText: string): void {
  // Cheap bound first: UTF-8 takes at most 3 bytes per UTF-16 code unit.
  if (yamlText.length * 3 <= MAX_RELEASE_YAML_BYTES) return;
  const bytes = new TextEncoder().encode(yamlText).byteLength;
  if (bytes > MAX_RELEASE_YAML_BYTES) throw releaseTooLarge(bytes);
}

/** The `payload_too_large` error for a release of `bytes` (or an unknown size over the limit). */
export function releaseTooLarge(bytes?: number): AppError {
  const size = bytes === undefined ? "over 1 MiB" : `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
  return new AppError(
    "payload_too_large",
    `yaml: the release is ${size}; the limit is 1 MiB (${MAX_RELEASE_YAML_BYTES} bytes). Split it into smaller releases or remove unused documents.`,
    { details: [{ path: "yaml", issue: `larger than ${MAX_RELEASE_YAML_BYTES} bytes` }] },
  );
}
