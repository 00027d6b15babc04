import { describe, expect, it } from "vitest";
import { parseStartScript, readPackageScripts, readStartSettings, withStartEnvironment } from "./start-settings";

describe("npm start's settings", () => {
  it("reads the environment defaults and the Node flags of a start script", () => {
    const settings = parseStartScript("A_B=${A_B:-2} C=${C:-32768} node --max-semi-space-size=8 --expose-gc --import tsx scripts/start.ts");
    expect(settings).toEqual({ env: { A_B: "2", C: "32768" }, nodeFlags: ["--max-semi-space-size=8", "--expose-gc"] });
  });

  it("refuses a script it cannot read instead of guessing", () => {
    expect(() => parseStartScript("FOO=bar node scripts/start.ts")).toThrow(/expected NAME=\$\{NAME:-value\} or node, found "FOO=bar"/);
    expect(() => parseStartScript("tsx scripts/start.ts")).toThrow(/found "tsx"/);
    expect(() => parseStartScript("A=${A:-1}")).toThrow(/does not run node/);
  });

  it("reads this checkout's package.json, which sets glibc's malloc and V8's young generation", () => {
    const settings = readStartSettings();
    expect(Object.keys(settings.env)).toEqual(expect.arrayContaining(["MALLOC_ARENA_MAX", "MALLOC_MMAP_THRESHOLD_"]));
    expect(settings.nodeFlags.some((flag) => flag.startsWith("--max-semi-space-size="))).toBe(true);
  });

  it("keeps bench:preview on npm start's young-generation size, which the preview worker inherits", () => {
    const semiSpace = readStartSettings().nodeFlags.find((flag) => flag.startsWith("--max-semi-space-size="));
    expect(readPackageScripts()["bench:preview"]!.split(/\s+/)).toContain(semiSpace);
  });

  it("lets a value already in the environment win, as ${NAME:-value} does", () => {
    const env = withStartEnvironment({ MALLOC_ARENA_MAX: "4" }, { env: { MALLOC_ARENA_MAX: "2", MALLOC_MMAP_THRESHOLD_: "69632" }, nodeFlags: [] });
    expect(env).toMatchObject({ MALLOC_ARENA_MAX: "4", MALLOC_MMAP_THRESHOLD_: "69632" });
  });
});
