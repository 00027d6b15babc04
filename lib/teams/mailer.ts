/**
 * Outgoing mail, only when `SMTP_URL` is set (for example smtp://user:pass@mail:587 or
 * smtps://...): invitation and password-reset links. Without it the portal shows the
 * link to copy instead. A failed send never fails the action; it is reported back.
 */
import nodemailer from "nodemailer";
import { describeError, getLogger } from "@/lib/observability/logger";
import { getConfig } from "@/lib/config";

type MailEnv = Partial<Record<"SMTP_URL" | "SMTP_FROM", string>>;

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** The configured SMTP URL, or null. */
export function resolveSmtpUrl(env: MailEnv = getConfig()): string | null {
  const url = env.SMTP_URL?.trim();
  return url ? url : null;
}

/** Sends the message when SMTP_URL is set: "sent", "not_configured", or "failed" (logged). */
export async function sendMail(message: MailMessage, env: MailEnv = getConfig()): Promise<"sent" | "not_configured" | "failed"> {
  const url = resolveSmtpUrl(env);
  if (!url) return "not_configured";
  try {
    const transport = nodemailer.createTransport(url);
    await transport.sendMail({ from: env.SMTP_FROM?.trim() || "Slipway <slipway@localhost>", ...message });
    return "sent";
  } catch (error) {
    getLogger("mail").warn({ err: describeError(error), subject: message.subject }, "sending mail failed");
    return "failed";
  }
}
