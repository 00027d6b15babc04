import { z } from "zod";
import { appScopesSchema } from "./roles";

/** An optional future expiry as an ISO date-time or date; "" and null mean "never". */
export const expiresAtSchema = z
  .union([z.null(), z.literal(""), z.iso.datetime({ offset: true, error: "must be an ISO 8601 date-time such as 2027-01-31T00:00:00Z" }), z.iso.date({ error: "must be a date such as 2027-01-31" })])
  .optional()
  .transform((value) => (value ? new Date(value) : null));

export const createTokenSchema = z.object({
  name: z.string().trim().min(1, "enter a name").max(100, "must be at most 100 characters").default("API token"),
  /** A team id or name the person belongs to; default: the session's team, or for Basic auth the person's first team. */
  team: z.string().trim().min(1).max(100).optional(),
  expiresAt: expiresAtSchema,
  /** Narrow the token to these applications and actions; absent or null: the person's role. */
  scopes: appScopesSchema.nullable().optional(),
});
export type CreateTokenInput = z.infer<typeof createTokenSchema>;
