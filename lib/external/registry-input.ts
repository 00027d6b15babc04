/**
 * Input rules for creating and editing an external registry. The endpoint is
 * normalised during parsing, so the parsed value carries the stored form, the
 * recognised provider and the notes the form shows. Passwords are never trimmed
 * (they are opaque) and never appear in validation messages.
 */
import { z } from "zod";
import { isAppError } from "@/lib/errors";
import { normaliseEndpoint } from "./endpoint";

/** A registry's name is the `source` in release YAML, unique within its team. */
export const REGISTRY_NAME_PATTERN = /^[a-z0-9][a-z0-9_-]*$/;
export const MAX_REGISTRY_NAME_LENGTH = 63;
/** Release YAML already gives these `source` values a meaning (the app's own registry, public images). */
export const RESERVED_SOURCE_NAMES: ReadonlySet<string> = new Set(["replicated", "public"]);
const MAX_USERNAME_LENGTH = 255;
/** Long enough for a Google service-account JSON key used as a password. */
const MAX_SECRET_LENGTH = 16 * 1024;

export const registryNameSchema = z
  .string()
  .trim()
  .min(1, "enter a name")
  .max(MAX_REGISTRY_NAME_LENGTH, `must be at most ${MAX_REGISTRY_NAME_LENGTH} characters`)
  .regex(REGISTRY_NAME_PATTERN, "use lowercase letters, digits, - and _, starting with a letter or digit")
  .superRefine((name, ctx) => {
    if (RESERVED_SOURCE_NAMES.has(name)) ctx.addIssue({ code: "custom", message: `"${name}" is a reserved source in release YAML; choose another name` });
  });

/** Parses a raw endpoint into `{endpoint, kind, endpointNotes}`; the normaliser's sentence becomes the zod issue. */
const endpointSchema = z
  .string()
  .max(1024, "is too long")
  .transform((value, ctx) => {
    try {
      const normalised = normaliseEndpoint(value);
      return { endpoint: normalised.endpoint, kind: normalised.kind, endpointNotes: normalised.notes };
    } catch (error) {
      if (!isAppError(error)) throw error;
      ctx.issues.push({ code: "custom", message: error.details?.[0]?.issue ?? error.message, input: value });
      return z.NEVER;
    }
  });

const usernameSchema = z.string().trim().min(1, "enter a username").max(MAX_USERNAME_LENGTH, `must be at most ${MAX_USERNAME_LENGTH} characters`);

const secretSchema = z
  .string()
  .max(MAX_SECRET_LENGTH, `must be at most ${MAX_SECRET_LENGTH} characters`)
  .refine((value) => !/[\r\n]/.test(value.trim()), "must be a single line");

/** Creating a registry: every field is required. */
export const registryInputSchema = z
  .object({
    name: registryNameSchema,
    endpoint: endpointSchema,
    username: usernameSchema,
    password: secretSchema.refine((value) => value.length > 0, "enter a password or token"),
  })
  .transform(({ endpoint, ...rest }) => ({ ...rest, ...endpoint }));
export type RegistryInput = z.infer<typeof registryInputSchema>;

/**
 * Editing a registry: fields left out stay as they are, and a blank password keeps the
 * stored one (the form never receives it, so it cannot send it back).
 */
export const registryUpdateSchema = z
  .object({
    name: registryNameSchema.optional(),
    endpoint: endpointSchema.optional(),
    username: usernameSchema.optional(),
    password: secretSchema.optional().transform((value) => (value ? value : undefined)),
  })
  .transform(({ endpoint, ...rest }) => ({ ...rest, ...(endpoint ?? {}) }));
export type RegistryUpdateInput = z.infer<typeof registryUpdateSchema>;

/** Testing a connection: an optional image (relative to the endpoint's namespace) and tag. */
export const connectionTestInputSchema = z.object({
  image: z
    .string()
    .trim()
    .max(255)
    .optional()
    .transform((value) => value || undefined),
  tag: z
    .string()
    .trim()
    .max(200)
    .optional()
    .transform((value) => value || undefined),
});
export type ConnectionTestRequest = z.infer<typeof connectionTestInputSchema>;
