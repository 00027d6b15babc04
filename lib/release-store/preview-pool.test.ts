/**
 * The preview pool with real worker threads: the same preview as on the main thread,
 * the per-user cap, the time-out that terminates the worker, recovery afterwards, and
 * idle workers ended (after the idle time-out or on request).
 */
import { afterEach, describe, expect, it } from "vitest";
import { isAppError } from "@/lib/errors";
import { previewReleaseWithSchemas } from "@/lib/releases";
import { container, CONTEXT, deployment, IMAGES_CONFIG, WORKER_IMAGE } from "@/lib/releases/test-fixtures";
import { PreviewPool } from "./preview-pool";

/** The release config and a Deployment whose `replicas: two` fails the schema check. */
const RELEASE = `${IMAGES_CONFIG}---\n${deployment("web", container("worker", WORKER_IMAGE), { replicas: "two" })}`;

const pools: PreviewPool[] = [];
function createPool(options: ConstructorParameters<typeof PreviewPool>[0]): PreviewPool {
  const pool = new PreviewPool(options);
  pools.push(pool);
  return pool;
}

afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.close()));
});

// Each pool starts its workers from TypeScript sources (tsx), seconds on a busy machine.
describe("PreviewPool", { timeout: 60_000 }, () => {
  it("previews in a worker thread exactly as on the main thread, schema errors included", async () => {
    const pool = createPool({ size: 1 });
    const [inWorker, onMainThread] = await Promise.all([pool.preview("user-a", RELEASE, CONTEXT), previewReleaseWithSchemas(RELEASE, CONTEXT)]);
    expect(inWorker).toEqual(onMainThread);
    expect(inWorker.diagnostics.map((d) => d.code)).toContain("invalid-kubernetes-object");
    expect(pool.stats()).toEqual({ workers: 1, running: 0, queued: 0 });
  });

  it("refuses a third concurrent preview of one user with rate_limited (429), while other users go on", async () => {
    const pool = createPool({ size: 1, perOwnerLimit: 2 });
    const first = pool.preview("user-a", RELEASE, CONTEXT);
    const second = pool.preview("user-a", RELEASE, CONTEXT);
    const third = pool.preview("user-a", RELEASE, CONTEXT).catch((error: unknown) => error);
    const otherUser = pool.preview("user-b", RELEASE, CONTEXT);
    const refused = await third;
    expect(isAppError(refused) && refused.status).toBe(429);
    expect((refused as Error).message).toMatch(/at most 2 run at once per user/);
    await Promise.all([first, second, otherUser]);
    // Finished previews no longer count.
    await expect(pool.preview("user-a", RELEASE, CONTEXT)).resolves.toMatchObject({ images: expect.any(Array) });
  });

  it("stops a preview at the time-out with a clear error, terminates its worker, and previews again afterwards", async () => {
    // 1 ms: no worker even starts in that time, so the deadline always passes first.
    const pool = createPool({ size: 1, timeoutMs: 1 });
    const error = await pool.preview("user-a", RELEASE, CONTEXT).catch((caught: unknown) => caught);
    expect(isAppError(error) && error.status).toBe(400);
    expect((error as Error).message).toMatch(/took longer than 1 ms to preview and was stopped/);
    expect(pool.stats()).toEqual({ workers: 0, running: 0, queued: 0 });
    // The owner's slot is freed: the cap does not keep counting a timed-out preview.
    await expect(pool.preview("user-a", RELEASE, CONTEXT)).rejects.toThrow(/took longer/);
    await expect(pool.preview("user-a", RELEASE, CONTEXT)).rejects.toThrow(/took longer/);

    const healthy = createPool({ size: 1 });
    await expect(healthy.preview("user-a", RELEASE, CONTEXT)).resolves.toMatchObject({ images: expect.any(Array) });
  });

  it("terminates a worker idle for the idle time-out, and closes idle workers on request; the next preview starts one", async () => {
    const pool = createPool({ size: 1, idleTimeoutMs: 200 });
    await pool.preview("user-a", RELEASE, CONTEXT);
    expect(pool.stats().workers).toBe(1);
    await expect.poll(() => pool.stats().workers, { timeout: 5_000 }).toBe(0);

    const lasting = createPool({ size: 1, idleTimeoutMs: 60_000 });
    await lasting.preview("user-a", RELEASE, CONTEXT);
    await expect(lasting.closeIdleWorkers()).resolves.toBe(1);
    expect(lasting.stats()).toEqual({ workers: 0, running: 0, queued: 0 });
    await expect(lasting.preview("user-a", RELEASE, CONTEXT)).resolves.toMatchObject({ images: expect.any(Array) });
    expect(lasting.stats().workers).toBe(1);
  });

  it("never closes a worker that runs a preview", async () => {
    const pool = createPool({ size: 1, idleTimeoutMs: 60_000 });
    const running = pool.preview("user-a", RELEASE, CONTEXT);
    await expect.poll(() => pool.stats().running, { timeout: 30_000 }).toBe(1);
    await expect(pool.closeIdleWorkers()).resolves.toBe(0);
    await expect(running).resolves.toMatchObject({ images: expect.any(Array) });
  });

  it("queues previews beyond the pool's size and answers each in turn", async () => {
    const pool = createPool({ size: 2, perOwnerLimit: 10 });
    const texts = Array.from({ length: 5 }, (_, i) => RELEASE.replace("name: web", `name: web-${i}`));
    const previews = texts.map((text) => pool.preview("user-a", text, CONTEXT));
    // Both workers start at once; the previews wait until they are ready.
    expect(pool.stats()).toMatchObject({ workers: 2, running: 0, queued: 5 });
    const results = await Promise.all(previews);
    expect(results.map((preview) => preview.rewritten.includes("name: web-4"))).toEqual([false, false, false, false, true]);
  });
});
