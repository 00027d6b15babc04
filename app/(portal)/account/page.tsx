import type { Metadata } from "next";
import { AccountSettings } from "@/components/account/account-settings";
import { PageHeader } from "@/components/ui/card";
import { requirePermission } from "@/app/_lib/request-lookups";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  await requirePermission("account", "/account");
  return (
    <>
      <PageHeader title="Account settings" description="Your profile, password, two-factor authentication and sessions." />
      <AccountSettings />
    </>
  );
}
