/**
 * Channels can build the airgap bundle of every release promoted to them
 * (`Channel.airgapBuildOnPromotion`), when customers entitled to airgap follow them, so
 * the bundle is ready by the time those customers look for it.
 */
import { prisma } from "@/lib/db/client";
import { requestAndEnqueue } from "./bundles";

/** Starts (or joins) the release's bundle build when the channel asks for it; true when it did. */
export async function buildBundleOnPromotion(channel: { id: string; name: string }, releaseId: string): Promise<boolean> {
  const row = await prisma.channel.findUnique({ where: { id: channel.id }, select: { airgapBuildOnPromotion: true } });
  if (!row?.airgapBuildOnPromotion) return false;
  const customers = await prisma.customer.count({ where: { channelId: channel.id, archivedAt: null, isAirgapEnabled: true } });
  if (customers === 0) return false;
  await requestAndEnqueue(releaseId, `build started by the promotion to ${channel.name} (${customers} airgap customer${customers === 1 ? "" : "s"})`);
  return true;
}
