import type { Metadata } from "next";
import { ReleaseEditor } from "@/components/releases/release-editor";
import { loadOrNotFound, requirePermission } from "@/app/_lib/request-lookups";
import { getDraft } from "@/lib/release-store/get-draft";
import { getLatestRelease } from "@/lib/release-store/get-latest-release";
import { getPreviewContext } from "@/lib/release-store/get-preview-context";

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  return { title: `New release · ${(await params).slug}` };
}

export default async function NewReleasePage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const principal = await requirePermission("releases:write", `/apps/${slug}/releases/new`);
  const { context } = await loadOrNotFound(() => getPreviewContext(principal, slug));
  const draft = await getDraft(principal, slug);
  // Without a draft, the next release starts from the newest one.
  const latest = draft ? null : await getLatestRelease(principal, slug);
  return (
    <ReleaseEditor
      slug={slug}
      context={context}
      initialYaml={draft?.yaml ?? latest?.yaml ?? ""}
      initialNotes={draft?.notes ?? ""}
      draftSavedAt={draft?.updatedAt.toISOString() ?? null}
      startedFrom={latest?.sequence ?? null}
    />
  );
}
