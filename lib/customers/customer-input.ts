/** What vendors send to create and change customers, validated with zod. */
import { z } from "zod";

export const LICENSE_TYPES = ["dev", "trial", "paid", "community"] as const;
export type LicenseType = (typeof LICENSE_TYPES)[number];

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * An expiry as an ISO date or date-time. A date alone means the end of that day (UTC):
 * a license "expiring on 2027-01-31" still works on the 31st.
 */
export function parseExpiry(value: string): Date | null {
  const date = DATE_ONLY.test(value) ? new Date(`${value}T23:59:59.999Z`) : new Date(value);
  return Number.isNaN(date.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(value) ? null : date;
}

const expirySchema = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const date = parseExpiry(value);
    if (!date) {
      ctx.addIssue({ code: "custom", message: "must be a date such as 2027-01-31 or an ISO date-time such as 2027-01-31T12:00:00Z" });
      return z.NEVER;
    }
    return date;
  });

const nameSchema = z.string().trim().min(1, "enter the customer's name").max(100, "must be at most 100 characters");
const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .transform((value) => value || null)
  .pipe(z.email("enter a valid e-mail address or leave it empty").nullable());
const typeSchema = z.enum(LICENSE_TYPES, { message: `must be one of ${LICENSE_TYPES.join(", ")}` });

export const createCustomerSchema = z.object({
  name: nameSchema,
  channel: z.string().trim().min(1, "pick a channel"),
  email: emailSchema.nullable().optional(),
  type: typeSchema.optional().default("dev"),
  expiresAt: expirySchema.nullable().optional(),
  airgap: z.boolean({ message: "must be true or false" }).optional().default(false),
});
export type CreateCustomerInput = z.infer<typeof createCustomerSchema>;

export const updateCustomerSchema = z.object({
  name: nameSchema.optional(),
  channel: z.string().trim().min(1, "pick a channel").optional(),
  email: emailSchema.nullable().optional(),
  type: typeSchema.optional(),
  /** null clears the expiry. */
  expiresAt: expirySchema.nullable().optional(),
  airgap: z.boolean({ message: "must be true or false" }).optional(),
  archived: z.boolean({ message: "must be true or false" }).optional(),
});
export type UpdateCustomerInput = z.infer<typeof updateCustomerSchema>;
