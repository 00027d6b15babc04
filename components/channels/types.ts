/** The channel API's answers as the browser receives them (dates as ISO strings). */
import type { Jsonified } from "@/components/releases/types";
import type { ChannelView } from "@/lib/customers/channels";
import type { PromoteInput, PromotionView } from "@/lib/customers/promotions";

export type ChannelJson = Jsonified<ChannelView>;
export type PromotionJson = Jsonified<PromotionView>;
export type PersonJson = PromotionJson["promotedBy"];
export type { PromoteInput };
