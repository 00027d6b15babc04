/**
 * Hands each manifest served to a license caller to the pull ledger (issue 9: every
 * manifest GET and HEAD made with a license is recorded). The ledger is injected
 * (RegistryHandlerOptions.recordPull) and queues in memory; nothing here waits for it,
 * and a failure to record is logged, never turned into a failed pull.
 */
import { readClientAddress } from "@/lib/registry/http/client-address";
import type { RegistryContext } from "@/lib/registry/http/context";

const MAX_USER_AGENT_LENGTH = 512;

/** Records that `digest` was just served for this request, when the caller is a license. */
export function recordLicensePull(context: RegistryContext, digest: string): void {
  const record = context.options.recordPull;
  const license = context.caller?.license;
  if (!record || !license) return;
  try {
    record({
      customerId: license.customerId,
      appId: license.appId,
      repository: context.name,
      reference: context.match.reference!,
      digest,
      method: context.method === "HEAD" ? "HEAD" : "GET",
      clientAddress: readClientAddress(context.req),
      userAgent: (context.req.headers["user-agent"] ?? "").slice(0, MAX_USER_AGENT_LENGTH),
      pulledAt: new Date(),
    });
  } catch (error) {
    context.logger.error("recording a license pull failed", { requestId: context.requestId, error: error instanceof Error ? error.message : String(error) });
  }
}
