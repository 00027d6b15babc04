import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { getSessionPerson } from "@/app/_lib/request-lookups";
import { isSignUpOpen } from "@/lib/auth/sign-up";

export const metadata: Metadata = { title: "Create an account" };
export const dynamic = "force-dynamic";

export default async function SignUpPage() {
  // Signed-in people have an account already: to their applications.
  if (await getSessionPerson()) redirect("/apps");
  return <SignUpForm isOpen={isSignUpOpen()} />;
}
