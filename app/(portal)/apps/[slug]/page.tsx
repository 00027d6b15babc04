import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { Time } from "@/components/ui/time";
import { CopyButton } from "@/components/ui/copy-button";
import { getAppOnce, loadOrNotFound, requirePrincipal } from "@/app/_lib/request-lookups";
import { resolveRegistryHost } from "@/lib/config";

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  return { title: (await params).slug };
}

export default async function AppOverviewPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const principal = await requirePrincipal(`/apps/${slug}`);
  const app = await loadOrNotFound(() => getAppOnce(principal, slug));
  const registryPath = `${resolveRegistryHost()}/${app.slug}`;
  return (
    <div className="grid gap-6 md:grid-cols-2">
      <Card className="p-5">
        <h2 className="text-sm font-semibold text-slate-900">Private registry</h2>
        <p className="mt-1 text-sm text-slate-600">Push images for this application under this path. Only members of your team can pull or push.</p>
        <div className="mt-3 flex items-center gap-2 rounded-md bg-slate-900 px-3 py-2">
          <code className="flex-1 truncate font-mono text-sm text-slate-100">{registryPath}/&lt;image&gt;:&lt;tag&gt;</code>
          <CopyButton value={`${registryPath}/`} label="Copy path" />
        </div>
        <p className="mt-3 text-xs text-slate-500">
          Sign in with <code className="font-mono">docker login {resolveRegistryHost()}</code> using your e-mail and a{" "}
          <Link href="/tokens" className="text-brand-600 hover:underline">
            personal access token
          </Link>
          .
        </p>
      </Card>
      <Card className="p-5">
        <h2 className="text-sm font-semibold text-slate-900">Details</h2>
        <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
          <dt className="text-slate-500">Name</dt>
          <dd className="text-slate-900">{app.name}</dd>
          <dt className="text-slate-500">Slug</dt>
          <dd className="font-mono text-slate-900">{app.slug}</dd>
          <dt className="text-slate-500">Created</dt>
          <dd className="text-slate-900"><Time value={app.createdAt} format="datetime" /></dd>
        </dl>
      </Card>
    </div>
  );
}
