import { createHash } from "node:crypto";
import { mkdtemp, open, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { dropCleanPages } from "@/lib/registry/storage/page-cache";
import { sendFileRange } from "@/lib/registry/storage/send-file";
import { cachedBytes } from "@/lib/registry/storage/test-support/cached-bytes";

const MIB = 1024 * 1024;

/** A destination that hashes what it is sent, slowly enough that reads run ahead of it. */
function hashingDestination(): { destination: Writable; digest: () => string; received: () => number } {
  const hash = createHash("sha256");
  let received = 0;
  const destination = new Writable({
    highWaterMark: 64 * 1024,
    write(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      received += chunk.length;
      setImmediate(done);
    },
  });
  return { destination, digest: () => hash.digest("hex"), received: () => received };
}

describe("sendFileRange", () => {
  let file: string;
  let data: Buffer;
  beforeEach(async () => {
    file = path.join(await mkdtemp(path.join(tmpdir(), "slipway-send-file-")), "blob");
    data = Buffer.concat(Array.from({ length: 40 }, (_, i) => Buffer.alloc(MIB, i)));
    await writeFile(file, data);
    const handle = await open(file, "r");
    await handle.datasync();
    await handle.close();
  });
  afterEach(async () => {
    await rm(path.dirname(file), { recursive: true, force: true });
  });

  it("sends exactly the range asked for", async () => {
    const handle = await open(file, "r");
    const { destination, digest, received } = hashingDestination();
    try {
      await sendFileRange(handle, destination, 3 * MIB + 5, 21 * MIB + 7);
    } finally {
      await handle.close();
    }
    expect(received()).toBe(18 * MIB + 2);
    expect(digest()).toBe(createHash("sha256").update(data.subarray(3 * MIB + 5, 21 * MIB + 7)).digest("hex"));
  });

  it.runIf(process.platform === "linux")("leaves what it read cached, unless asked to drop behind, then sends the same bytes through a few pages", async () => {
    const kept = await open(file, "r");
    await dropCleanPages(kept, 0, 0);
    try {
      await sendFileRange(kept, hashingDestination().destination, 0, data.length);
    } finally {
      await kept.close();
    }
    // Nearly all of it: the kernel may reclaim a few clean pages meanwhile (these VMs page
    // out cold memory, and other test files run alongside); dropping behind leaves none.
    expect(cachedBytes(file)).toBeGreaterThanOrEqual(data.length * 0.9);

    const dropping = await open(file, "r");
    await dropCleanPages(dropping, 0, 0);
    const { destination, digest } = hashingDestination();
    try {
      await sendFileRange(dropping, destination, 0, data.length, 8 * MIB);
    } finally {
      await dropping.close();
    }
    expect(digest()).toBe(createHash("sha256").update(data).digest("hex"));
    expect(cachedBytes(file)).toBe(0);
  });
});
