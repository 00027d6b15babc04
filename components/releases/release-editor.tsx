"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Time } from "@/components/ui/time";
import { applyFix, type Diagnostic, type ReleaseContext, type ReleaseFix } from "@/lib/releases";
import { AirgapList } from "./airgap-list";
import { DiagnosticsList } from "./diagnostics-list";
import { buildExampleRelease } from "./example-release";
import { ImagesTable } from "./images-table";
import { PreviewTabs } from "./preview-tabs";
import { releaseKeys } from "./query-keys";
import { ReleaseCreateDialog } from "./release-create-dialog";
import { createRelease } from "./releases-api";
import { RewrittenPanel } from "./rewritten-panel";
import { SaveStatus } from "./save-status";
import { useDraftAutosave } from "./use-draft-autosave";
import { useReleasePreview } from "./use-release-preview";
import { YamlEditor, type YamlEditorHandle } from "./yaml-editor";

/**
 * The release editor: CodeMirror on the left, the diagnostics beside it, and the
 * preview (images, rewritten YAML, airgap bundle) below, all recomputed as the vendor
 * types. The draft autosaves; "Create release" waits until no error remains.
 */
export function ReleaseEditor({
  slug,
  context,
  initialYaml,
  initialNotes,
  draftSavedAt,
  startedFrom,
}: {
  slug: string;
  context: ReleaseContext;
  initialYaml: string;
  initialNotes: string;
  draftSavedAt: string | null;
  /** The release the text was copied from, when there was no draft. */
  startedFrom: number | null;
}) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const editor = useRef<YamlEditorHandle>(null);
  const [text, setText] = useState(initialYaml);
  const [notes, setNotes] = useState(initialNotes);
  const [fixError, setFixError] = useState<string | null>(null);
  const [isConfirming, setIsConfirming] = useState(false);
  const draft = useMemo(() => ({ yaml: text, notes }), [text, notes]);
  const autosave = useDraftAutosave(slug, draft, draftSavedAt);
  const { preview, previewText, isLookingUp, lookupError, checkExternal, external, schemas, schemaError } = useReleasePreview(slug, context, text);
  const isPreviewCurrent = previewText === text;
  const errorCount = preview.diagnostics.filter((diagnostic) => diagnostic.severity === "error").length;
  const imageCount = new Set(preview.images.map((image) => image.image)).size;

  const create = useMutation({
    mutationFn: () => createRelease(slug, { yaml: text, notes }),
    onSuccess: async (result) => {
      autosave.stop();
      await queryClient.invalidateQueries({ queryKey: releaseKeys.app(slug) });
      router.push(`/apps/${slug}/releases/${result.release.sequence}`);
    },
  });

  const textRef = useRef(text);
  useEffect(() => {
    textRef.current = text;
  }, [text]);
  const goTo = useCallback(
    (target: Pick<Diagnostic, "line" | "from">) => {
      // Offsets are only trusted while the editor still holds the text they were computed for.
      editor.current?.goTo(target.line, textRef.current === previewText ? { from: target.from } : {});
    },
    [previewText],
  );
  // The panels change only with the preview, not with every keystroke.
  const previewPanels = useMemo(
    () => (
      <PreviewTabs
        label="Release preview"
        tabs={[
          { id: "images", label: "Images", count: preview.images.length, content: <ImagesTable images={preview.images} isLookingUp={isLookingUp} onGoToLine={goTo} /> },
          { id: "rewritten", label: "Rewritten YAML", content: <RewrittenPanel original={previewText} rewritten={preview.rewritten} /> },
          {
            id: "airgap",
            label: "Airgap bundle",
            count: preview.airgap.length,
            content: <AirgapList entries={preview.airgap} totalSize={preview.airgapTotalSize} onGoToLine={(line) => goTo({ line })} />,
          },
        ]}
      />
    ),
    [preview, previewText, isLookingUp, goTo],
  );

  function fix(target: ReleaseFix) {
    try {
      editor.current?.replaceText(applyFix(text, target, context, { schemas }));
      setFixError(null);
    } catch (error) {
      setFixError(error instanceof Error ? error.message : "The fix could not be applied.");
    }
  }

  const blockReason =
    text.trim() === ""
      ? "Write the release first."
      : errorCount > 0
        ? `Fix ${errorCount} error${errorCount === 1 ? "" : "s"} to create the release.`
        : !isPreviewCurrent
          ? "Updating the preview…"
          : null;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <div className="mr-auto">
          <h2 className="text-lg font-semibold text-slate-900">New release</h2>
          <p className="text-sm text-slate-600">
            {startedFrom ? `Started from release ${startedFrom}. ` : ""}The preview updates as you type; customers receive the rewritten YAML.
          </p>
        </div>
        <SaveStatus status={autosave.status} savedAt={autosave.savedAt} error={autosave.error} onRetry={autosave.retry} />
        <Button variant="secondary" onClick={checkExternal} disabled={external.isPending || !external.hasExternalImages} title={external.hasExternalImages ? undefined : "The release has no images from external registries"}>
          {external.isPending ? "Checking…" : "Check external tags"}
        </Button>
        <Button onClick={() => setIsConfirming(true)} disabled={blockReason !== null || create.isPending} aria-describedby="create-release-hint">
          Create release
        </Button>
      </div>
      <p id="create-release-hint" className="-mt-2 text-right text-xs text-slate-500" aria-live="polite">
        {blockReason ?? "Warnings are allowed; they are listed before you confirm."}
        {external.error ? <span className="ml-2 text-red-700">External check failed: {external.error.message}</span> : null}
        {external.checkedAt ? <span className="ml-2">External tags checked at <Time value={external.checkedAt} format="time" />.</span> : null}
      </p>

      <div className="grid gap-4 lg:grid-cols-[minmax(0,7fr)_minmax(0,4fr)]">
        <Card className="flex h-[34rem] flex-col overflow-hidden">
          <div className="flex items-center gap-2 border-b border-slate-100 px-4 py-2">
            <span className="font-mono text-xs text-slate-600">release.yaml</span>
            <span className="text-xs text-slate-400">· {text === "" ? 0 : text.split("\n").length} lines</span>
            {text.trim() === "" ? (
              <button type="button" onClick={() => editor.current?.replaceText(buildExampleRelease(context))} className="ml-auto text-xs font-medium text-brand-600 hover:underline">
                Start from an example
              </button>
            ) : (
              <span id="editor-keys" className="ml-auto text-xs text-slate-400">
                Tab leaves the editor
              </span>
            )}
          </div>
          <YamlEditor ref={editor} initialText={initialYaml} onChange={setText} diagnostics={preview.diagnostics} diagnosticsText={previewText} label="Release YAML" describedBy="editor-keys" className="min-h-0 flex-1" />
        </Card>
        <div className="flex h-[34rem] flex-col gap-4">
          <Card className="flex min-h-0 flex-1 flex-col overflow-hidden">
            <h3 className="border-b border-slate-100 px-4 py-2 text-sm font-semibold text-slate-900">Diagnostics</h3>
            <DiagnosticsList diagnostics={preview.diagnostics} onGoTo={goTo} onFix={fix} fixError={fixError} />
          </Card>
          <Card className="p-4">
            <label htmlFor="release-notes" className="block text-sm font-semibold text-slate-900">
              Release notes
            </label>
            <textarea
              id="release-notes"
              value={notes}
              onChange={(event) => setNotes(event.target.value)}
              rows={3}
              maxLength={10_000}
              placeholder="What changed for customers (optional)"
              className="mt-2 block w-full resize-y rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm placeholder:text-slate-400 focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30"
            />
          </Card>
        </div>
      </div>

      {lookupError ? <p className="text-xs text-amber-800">Could not look up this application&apos;s tags: {lookupError.message}</p> : null}
      {schemaError ? <p className="text-xs text-amber-800">Could not load a Kubernetes schema, so some objects are not checked here yet (the server checks them when you create the release): {schemaError.message}</p> : null}
      <Card className="overflow-hidden">
        {previewPanels}
      </Card>
      <p className="text-sm text-slate-500">
        <Link href={`/apps/${slug}/releases`} className="text-brand-600 hover:underline">
          Back to the release history
        </Link>{" "}
        — the draft is kept.
      </p>

      <ReleaseCreateDialog
        open={isConfirming}
        onClose={() => {
          setIsConfirming(false);
          create.reset();
        }}
        onConfirm={() => create.mutate()}
        isPending={create.isPending || create.isSuccess}
        error={create.error?.message ?? null}
        remaining={preview.diagnostics}
        imageCount={imageCount}
        notes={notes}
      />
    </div>
  );
}
