/** The messages between the preview pool and its worker threads (structured-cloned plain data). */
import type { ReleaseContext, ReleasePreview } from "@/lib/releases";

export interface PreviewTaskMessage {
  id: number;
  yamlText: string;
  context: ReleaseContext;
}

/** A worker's first message, once its modules are loaded: the pool then hands it previews. */
export interface PreviewReadyMessage {
  ready: true;
}

export type PreviewResultMessage = { id: number; preview: ReleasePreview; error?: undefined } | { id: number; error: string; preview?: undefined };
