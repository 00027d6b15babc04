import { describe, expect, it } from "vitest";
import { coalesceChunks } from "./coalesce-chunks";

async function collect(source: AsyncIterable<Buffer>): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for await (const chunk of source) out.push(chunk);
  return out;
}

async function* chunks(sizes: number[]): AsyncGenerator<Buffer> {
  let value = 0;
  for (const size of sizes) yield Buffer.from(Array.from({ length: size }, () => value++ % 256));
}

describe("coalesceChunks", () => {
  it("gathers small chunks into buffers of at least the minimum, keeping every byte in order", async () => {
    const out = await collect(coalesceChunks(chunks([3, 3, 3, 3, 3]), 7));
    expect(out.map((buffer) => buffer.length)).toEqual([9, 6]);
    expect([...Buffer.concat(out)]).toEqual(Array.from({ length: 15 }, (_, index) => index));
  });

  it("passes a large chunk through as it is, and yields nothing for an empty source", async () => {
    expect((await collect(coalesceChunks(chunks([10]), 4))).map((buffer) => buffer.length)).toEqual([10]);
    expect(await collect(coalesceChunks(chunks([]), 4))).toEqual([]);
  });
});
