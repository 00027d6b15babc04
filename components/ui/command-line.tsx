import { CopyButton } from "./copy-button";

/** A shell command on a dark strip with a Copy button; `shown` replaces it on screen (a masked secret) while Copy takes the real one. */
export function CommandLine({ command, shown = command }: { command: string; shown?: string }) {
  return (
    <div className="mt-1 flex items-start gap-2 rounded-md bg-slate-900 px-3 py-2">
      <code className="flex-1 whitespace-pre-wrap break-all font-mono text-sm text-slate-100">{shown}</code>
      <CopyButton value={command} shownValue={shown} label="Copy" />
    </div>
  );
}
