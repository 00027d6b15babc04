import type { Metadata } from "next";
import { ForgotPasswordForm } from "@/components/account/forgot-password-form";
import { resolveSmtpUrl } from "@/lib/teams/mailer";

export const metadata: Metadata = { title: "Reset password" };
export const dynamic = "force-dynamic";

export default function ForgotPasswordPage() {
  if (!resolveSmtpUrl()) {
    return <p className="text-sm text-slate-700">This installation sends no mail. Ask an owner of your team for a password reset link.</p>;
  }
  return <ForgotPasswordForm />;
}
