/** The messages between the preview pool and its worker threads (structured-cloned plain data). */
import type { ReleaseContext, ReleasePreview } from "@/lib/releases";

export interface PreviewTaskMessage {
  id: number;
  yamlText: string;
  context: ReleaseContext;
}

export type PreviewResultMessage = { id: number; preview: ReleasePreview; error?: undefined } | { id: number; error: string; preview?: undefined };
