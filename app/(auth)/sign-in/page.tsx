import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { getSessionPerson } from "@/app/_lib/request-lookups";
import { resolveReturnPath } from "@/lib/auth/safe-redirect";
import { getConfig } from "@/lib/config";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string | string[] }> }) {
  const { callbackUrl } = await searchParams;
  // Only a page of the portal itself: anything else here would be an open redirect.
  const returnTo = resolveReturnPath(typeof callbackUrl === "string" ? callbackUrl : null, getConfig().NEXTAUTH_URL);
  // Already signed in: straight to where the form would have gone.
  if (await getSessionPerson()) redirect(returnTo);
  return <SignInForm returnTo={returnTo} />;
}
