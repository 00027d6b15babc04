"use client";

import { useMemo, useState } from "react";
import { CiSnippets } from "@/components/releases/ci-snippets";
import { CiPushToken } from "@/components/teams/ci-push-token";
import { CopyButton } from "@/components/ui/copy-button";
import { Field } from "@/components/ui/field";
import { generateInstructions, type InstructionTool } from "@/lib/instructions/generate-instructions";

export interface PushInstructionsContext {
  slug: string;
  registryHost: string;
  userEmail: string;
  tokensUrl: string;
}

const TOOLS: { tool: InstructionTool; label: string }[] = [
  { tool: "docker", label: "Docker" },
  { tool: "podman", label: "Podman" },
  { tool: "skopeo", label: "skopeo" },
  { tool: "buildx", label: "Multi-platform (buildx)" },
];

/**
 * Push commands for this application and the signed-in user, regenerated as the user
 * types; the image name and tag are checked against the OCI grammar, with the reason
 * next to the field.
 */
export function PushInstructions({ context }: { context: PushInstructionsContext }) {
  const [localImage, setLocalImage] = useState("my-app:latest");
  const [image, setImage] = useState("my-app");
  const [tag, setTag] = useState("1.0.0");
  const [tool, setTool] = useState<InstructionTool>("docker");
  const instructions = useMemo(
    () => generateInstructions({ registryHost: context.registryHost, appSlug: context.slug, userEmail: context.userEmail, tokensUrl: context.tokensUrl, localImage, image, tag }),
    [context, localImage, image, tag],
  );
  const problem = (field: string) => instructions.problems.find((candidate) => candidate.field === field)?.message;
  const group = instructions.groups.find((candidate) => candidate.tool === tool) ?? instructions.groups[0]!;

  return (
    <section aria-labelledby="push-instructions-title" className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
      <h2 id="push-instructions-title" className="text-base font-semibold text-slate-900">
        Push an image
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        Type your image&apos;s names; the commands follow. It will be at <code className="break-all font-mono text-slate-900" data-testid="push-target">{instructions.target}</code>.
      </p>
      <div className="mt-4 grid gap-4 sm:grid-cols-3">
        <Field label="Local image" name="localImage" value={localImage} onChange={(e) => setLocalImage(e.target.value)} error={problem("localImage")} hint="As `docker images` lists it." spellCheck={false} autoComplete="off" />
        <Field label="Image name" name="image" value={image} onChange={(e) => setImage(e.target.value)} error={problem("image")} hint={`Under ${context.slug}/, e.g. api or team/api.`} spellCheck={false} autoComplete="off" />
        <Field label="Version (tag)" name="tag" value={tag} onChange={(e) => setTag(e.target.value)} error={problem("tag")} hint="Letters, digits, . _ - (up to 128)." spellCheck={false} autoComplete="off" />
      </div>
      <div role="group" aria-label="Client tool" className="mt-5 flex flex-wrap gap-1">
        {TOOLS.map((entry) => (
          <button
            key={entry.tool}
            type="button"
            aria-pressed={tool === entry.tool}
            onClick={() => setTool(entry.tool)}
            className={`rounded-md px-3 py-1.5 text-sm font-medium ${tool === entry.tool ? "bg-slate-900 text-white" : "text-slate-600 hover:bg-slate-100"}`}
          >
            {entry.label}
          </button>
        ))}
      </div>
      <ol className="mt-4 space-y-4" aria-label={`${group.title} commands`}>
        {group.steps.map((step, index) => (
          <li key={`${group.tool}-${index}`}>
            <p className="text-sm font-medium text-slate-800">
              {index + 1}. {step.label}
            </p>
            <div className="mt-1 flex items-start gap-2 rounded-md bg-slate-900 px-3 py-2">
              <code className="flex-1 whitespace-pre-wrap break-all font-mono text-sm text-slate-100">{step.command}</code>
              <CopyButton value={step.command} label="Copy" />
            </div>
            {step.note ? <p className="mt-1 text-xs text-slate-500">{step.note}</p> : null}
          </li>
        ))}
      </ol>
      <CiPushToken slug={context.slug} registryHost={context.registryHost} userEmail={context.userEmail} image={problem("image") ? undefined : image} />
      <CiSnippets portalUrl={context.tokensUrl.replace(/\/tokens$/, "")} slug={context.slug} />
    </section>
  );
}
