/** The channel API's answers as the browser receives them (dates as ISO strings): the routes' response schemas. */
import type { z } from "zod";
import type { CHANNEL_ROUTES, channelSchema, promotionSchema } from "@/lib/api/openapi/customers";
import type { BodyInputOf } from "@/lib/api/openapi/contract";

export type ChannelJson = z.infer<typeof channelSchema>;
export type PromotionJson = z.infer<typeof promotionSchema>;
export type PersonJson = PromotionJson["promotedBy"];
export type PromoteInput = BodyInputOf<typeof CHANNEL_ROUTES.promote>;
