import { z } from "zod";

export const createTokenSchema = z.object({
  name: z.string().trim().min(1, "enter a name").max(100, "must be at most 100 characters").default("API token"),
});
export type CreateTokenInput = z.infer<typeof createTokenSchema>;
