/**
 * The body of one release-preview worker thread (see ./preview-pool.ts): it previews one
 * release at a time with the Kubernetes schemas of its kinds and posts the result back.
 * The schemas it loads stay cached in the thread for the next previews.
 */
import { parentPort } from "node:worker_threads";
import { previewReleaseWithSchemas, type ReleaseContext } from "@/lib/releases";
import type { PreviewReadyMessage, PreviewResultMessage, PreviewTaskMessage } from "./preview-pool-messages";

const port = parentPort;
if (!port) throw new Error("preview-worker.ts runs only as a worker thread (see preview-pool.ts)");

port.on("message", (task: PreviewTaskMessage) => {
  void runTask(task.id, task.yamlText, task.context).then((result) => port.postMessage(result));
});
port.postMessage({ ready: true } satisfies PreviewReadyMessage);

async function runTask(id: number, yamlText: string, context: ReleaseContext): Promise<PreviewResultMessage> {
  try {
    return { id, preview: await previewReleaseWithSchemas(yamlText, context) };
  } catch (error) {
    return { id, error: error instanceof Error ? error.message : String(error) };
  }
}
