import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { createTarHeader, createTarPadding, TAR_BLOCK, TAR_END, tarEntryLength } from "./tar-header";

const run = promisify(execFile);

function archive(files: { name: string; content: Buffer }[]): Buffer {
  const parts: Buffer[] = [];
  for (const file of files) parts.push(createTarHeader({ name: file.name, size: file.content.length, mtime: 1_700_000_000 }), file.content, createTarPadding(file.content.length));
  parts.push(TAR_END);
  return Buffer.concat(parts);
}

describe("ustar headers", () => {
  it("writes archives GNU tar lists and extracts byte for byte, long names included", async () => {
    const long = `blobs/sha256/${"a".repeat(64)}/${"b".repeat(60)}`;
    const files = [
      { name: "oci-layout", content: Buffer.from('{"imageLayoutVersion":"1.0.0"}') },
      { name: `blobs/sha256/${"f".repeat(64)}`, content: Buffer.alloc(TAR_BLOCK * 2, 7) },
      { name: long, content: Buffer.from("x") },
      { name: "empty", content: Buffer.alloc(0) },
    ];
    const dir = await mkdtemp(path.join(tmpdir(), "slipway-tar-"));
    try {
      await writeFile(path.join(dir, "a.tar"), archive(files));
      const { stdout } = await run("tar", ["-tvf", path.join(dir, "a.tar")]);
      expect(stdout.trim().split("\n").map((line) => line.split(/\s+/).at(-1))).toEqual(files.map((file) => file.name));
      await run("tar", ["-xf", path.join(dir, "a.tar"), "-C", dir]);
      for (const file of files) expect(await readFile(path.join(dir, file.name))).toEqual(file.content);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("encodes sizes past octal's 8 GiB limit in base-256", () => {
    const size = 9 * 1024 ** 3 + 5;
    const header = createTarHeader({ name: "big", size, mtime: 0 });
    expect(header[124]).toBe(0x80);
    let decoded = 0n;
    for (let index = 125; index < 136; index++) decoded = (decoded << 8n) | BigInt(header[index]!);
    expect(Number(decoded)).toBe(size);
  });

  it("counts an entry's length with its header and padding", () => {
    expect(tarEntryLength(0)).toBe(512);
    expect(tarEntryLength(1)).toBe(1024);
    expect(tarEntryLength(512)).toBe(1024);
    expect(createTarPadding(513).length).toBe(511);
  });

  it("refuses a name that no ustar split can hold", () => {
    expect(() => createTarHeader({ name: "n".repeat(101), size: 0, mtime: 0 })).toThrow(/too long/);
  });
});
