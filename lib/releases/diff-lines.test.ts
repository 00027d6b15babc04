import { describe, expect, it } from "vitest";
import { diffLines, listChangedLines, type LineChange } from "./diff-lines";
import { previewRelease } from "./preview-release";
import { CONTEXT, GUESTBOOK, IMAGES_CONFIG } from "./test-fixtures";

function render(changes: LineChange[]): string[] {
  const sign = { equal: " ", added: "+", removed: "-" } as const;
  return changes.map((change) => `${sign[change.type]}${change.text}`);
}

/** Both texts rebuilt from the diff, plus checks that line numbers count up on each side. */
function sides(changes: LineChange[]) {
  const oldLines: string[] = [];
  const newLines: string[] = [];
  for (const change of changes) {
    if (change.type !== "added") {
      oldLines.push(change.text);
      expect(change.oldLine).toBe(oldLines.length);
    }
    if (change.type !== "removed") {
      newLines.push(change.text);
      expect(change.newLine).toBe(newLines.length);
    }
  }
  return { oldLines, newLines };
}

function lcsLength(a: string[], b: string[]): number {
  const row = new Array(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = 0;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = a[i - 1] === b[j - 1] ? diagonal + 1 : Math.max(row[j], row[j - 1]);
      diagonal = above;
    }
  }
  return row[b.length];
}

function randomLines(seed: number, count: number): string[] {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2147483648);
  return Array.from({ length: count }, () => "abcd"[next() % 4]);
}

describe("diffLines", () => {
  it("marks inserted, removed and replaced lines", () => {
    expect(render(diffLines("a\nb\nc\n", "a\nx\nc\nd\n"))).toEqual([" a", "-b", "+x", " c", "+d"]);
    expect(render(diffLines("", "a\n"))).toEqual(["+a"]);
    expect(render(diffLines("a\n", ""))).toEqual(["-a"]);
    expect(render(diffLines("same\n", "same"))).toEqual([" same"]);
  });

  it("produces a minimal diff that rebuilds both texts", () => {
    for (let seed = 1; seed <= 200; seed++) {
      const a = randomLines(seed, seed % 17);
      const b = randomLines(seed * 7 + 3, (seed * 3) % 19);
      const changes = diffLines(a.join("\n"), b.join("\n"));
      expect(sides(changes)).toEqual({ oldLines: a, newLines: b });
      expect(changes.filter((change) => change.type === "equal")).toHaveLength(lcsLength(a, b));
    }
  });

  it("still rebuilds both texts when two large releases have nothing in common", () => {
    const a = Array.from({ length: 3000 }, (_, i) => `old ${i}`);
    const b = Array.from({ length: 3000 }, (_, i) => `new ${i}`);
    const changes = diffLines(a.join("\n"), b.join("\n"));
    expect(sides(changes)).toEqual({ oldLines: a, newLines: b });
  });
});

describe("listChangedLines", () => {
  it("gives the release config's lines and the rewritten image line, and nothing else", () => {
    const preview = previewRelease(GUESTBOOK, CONTEXT);
    const rewrittenLines = preview.images.filter((image) => image.isRewritten).map((image) => image.line);
    expect(rewrittenLines).toHaveLength(1);
    const configLines = IMAGES_CONFIG.split("\n").length - 1;
    expect(listChangedLines(GUESTBOOK, preview.rewritten)).toEqual({
      original: [...Array.from({ length: configLines }, (_, index) => index + 1), ...rewrittenLines],
      rewritten: rewrittenLines.map((line) => line - configLines),
    });
  });
});
