import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { shellQuote } from "./shell-quote";

describe("shellQuote", () => {
  it("leaves ordinary image references and e-mails bare", () => {
    expect(shellQuote("myapp:1.0")).toBe("myapp:1.0");
    expect(shellQuote("ghcr.io/acme/api@sha256:abc")).toBe("ghcr.io/acme/api@sha256:abc");
    expect(shellQuote("jane+ci@example.com")).toBe("jane+ci@example.com");
  });

  it("quotes characters a shell would interpret", () => {
    expect(shellQuote("my app")).toBe("'my app'");
    expect(shellQuote("a$(rm -rf ~)")).toBe("'a$(rm -rf ~)'");
    expect(shellQuote("[::1]:3000/x")).toBe("'[::1]:3000/x'");
    expect(shellQuote("a;b")).toBe("'a;b'");
    expect(shellQuote("")).toBe("''");
  });

  it("escapes single quotes by closing and reopening the quote", () => {
    expect(shellQuote("o'brien@example.com")).toBe(`'o'\\''brien@example.com'`);
  });

  it("round-trips through a real POSIX shell", () => {
    for (const value of ["plain", "two words", "it's", "$HOME `id` \\n", "*?[]{}|&<>!#~", "'", ""]) {
      const echoed = execFileSync("sh", ["-c", `printf '%s' ${shellQuote(value)}`], { encoding: "utf8" });
      expect(echoed).toBe(value);
    }
  });
});
