/** The browser's calls to /api/v1/apps/{slug}/channels, promotions and demotions. */
import { apiFetch } from "@/components/ui/api-client";
import type { ChannelJson, PromoteInput, PromotionJson } from "./types";

const appPath = (slug: string) => `/apps/${encodeURIComponent(slug)}`;
const channelPath = (slug: string, name: string) => `${appPath(slug)}/channels/${encodeURIComponent(name)}`;

export const channelsApi = {
  list: (slug: string) => apiFetch<{ channels: ChannelJson[] }>(`${appPath(slug)}/channels`).then((body) => body.channels),
  create: (slug: string, input: { name: string; airgapBuildOnPromotion: boolean }) =>
    apiFetch<{ channel: ChannelJson }>(`${appPath(slug)}/channels`, { method: "POST", json: input }).then((body) => body.channel),
  update: (slug: string, name: string, patch: { name?: string; archived?: boolean; airgapBuildOnPromotion?: boolean }) =>
    apiFetch<{ channel: ChannelJson }>(channelPath(slug, name), { method: "PATCH", json: patch }).then((body) => body.channel),
  history: (slug: string, name: string) => apiFetch<{ promotions: PromotionJson[] }>(`${channelPath(slug, name)}/releases`).then((body) => body.promotions),
  promote: (slug: string, sequence: number, input: PromoteInput) =>
    apiFetch<{ promotion: PromotionJson }>(`${appPath(slug)}/releases/${sequence}/promote`, { method: "POST", json: input }).then((body) => body.promotion),
  demote: (slug: string, promotionId: string) =>
    apiFetch<{ promotion: PromotionJson }>(`${appPath(slug)}/promotions/${encodeURIComponent(promotionId)}/demote`, { method: "POST" }).then((body) => body.promotion),
};

/** Where a channel sits on the Channels page (its card's id). */
export function buildChannelHref(slug: string, name: string): string {
  return `/apps/${slug}/channels#${channelAnchor(name)}`;
}

/** The card's element id; percent-encoded so that it is also the URL fragment, as is. */
export function channelAnchor(name: string): string {
  return `channel-${encodeURIComponent(name)}`;
}
