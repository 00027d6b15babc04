import type { Metadata } from "next";
import { SignInForm } from "@/components/auth/sign-in-form";
import { resolveReturnPath } from "@/lib/auth/safe-redirect";
import { getConfig } from "@/lib/config";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string | string[] }> }) {
  const { callbackUrl } = await searchParams;
  // Only a page of the portal itself: anything else here would be an open redirect.
  const returnTo = resolveReturnPath(typeof callbackUrl === "string" ? callbackUrl : null, getConfig().NEXTAUTH_URL);
  return <SignInForm returnTo={returnTo} />;
}
