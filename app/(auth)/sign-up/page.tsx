import type { Metadata } from "next";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { isSignUpOpen } from "@/lib/auth/sign-up";

export const metadata: Metadata = { title: "Create an account" };
export const dynamic = "force-dynamic";

export default function SignUpPage() {
  return <SignUpForm isOpen={isSignUpOpen()} />;
}
