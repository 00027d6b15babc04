import { describe, expect, it } from "vitest";
import type { BundleRow } from "./bundle-rows";
import { STALLED_BUILD_MESSAGE, toBundleView } from "./bundle-view";

const MIB = 1024 * 1024;
const start = new Date("2026-11-30T10:00:00Z");

function row(overrides: Partial<BundleRow>): BundleRow {
  return {
    id: "b",
    releaseId: "r",
    status: "building",
    attempt: 1,
    imagesDone: 1,
    imagesTotal: 3,
    bytes: 100 * MIB,
    bytesTotal: 300 * MIB,
    blobDigest: null,
    size: null,
    error: null,
    failedImage: null,
    log: "10:00:00 resolving 3 image(s)\n10:00:01 wrote a\n",
    uploadId: null,
    startedAt: start,
    heartbeatAt: new Date(start.getTime() + 9_000),
    finishedAt: null,
    ...overrides,
  };
}

describe("bundle view", () => {
  it("reports speed and time left while building", () => {
    const view = toBundleView(row({}), new Date(start.getTime() + 10_000));
    expect(view.status).toBe("building");
    expect(view.speedMiBps).toBe(10);
    expect(view.etaSeconds).toBe(20);
    expect(view.log).toEqual(["10:00:00 resolving 3 image(s)", "10:00:01 wrote a"]);
    expect(view.sha256).toBeUndefined();
  });

  it("publishes the sha256 (hex) and size once ready", () => {
    const view = toBundleView(row({ status: "ready", blobDigest: `sha256:${"ab".repeat(32)}`, size: 5, bytes: 5, imagesDone: 3 }));
    expect(view).toMatchObject({ status: "ready", sha256: "ab".repeat(32), size: 5, speedMiBps: null, etaSeconds: null });
  });

  it("names the failed image", () => {
    const view = toBundleView(row({ status: "failed", error: "quay.io/a/b:1: unknown tag", failedImage: "quay.io/a/b:1" }));
    expect(view).toMatchObject({ status: "failed", error: "quay.io/a/b:1: unknown tag", failedImage: "quay.io/a/b:1" });
  });

  it("reads a build whose heartbeat stopped as failed", () => {
    const view = toBundleView(row({}), new Date(start.getTime() + 10 * 60_000));
    expect(view.status).toBe("failed");
    expect(view.error).toBe(STALLED_BUILD_MESSAGE);
  });
});
