import { describe, expect, it } from "vitest";
import { findControlCharacter, findControlCharacterIn } from "./control-characters";

describe("control characters", () => {
  it("finds NUL, the other C0 controls and DEL, but not tabs or line breaks", () => {
    expect(findControlCharacter("a\u0000b")).toBe("U+0000");
    expect(findControlCharacter("\u001b[31m")).toBe("U+001B");
    expect(findControlCharacter("del\u007f")).toBe("U+007F");
    expect(findControlCharacter("tab\tline\nreturn\r\n ü €")).toBeNull();
  });

  it("names the path of the first string, key or value, that holds one", () => {
    expect(findControlCharacterIn({ name: "ok", scopes: [{ app: "a", actions: ["pull", "pu\u0000sh"] }] })).toEqual({ path: "scopes[0].actions[1]", character: "U+0000" });
    expect(findControlCharacterIn({ "ke\u0001y": 1 })).toEqual({ path: "ke\u0001y", character: "U+0001" });
    expect(findControlCharacterIn([1, true, null, { a: "fine" }])).toBeNull();
  });
});
