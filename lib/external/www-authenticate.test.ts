import { describe, expect, it } from "vitest";
import { findChallenge, parseWwwAuthenticate } from "./www-authenticate";

describe("parseWwwAuthenticate", () => {
  it("reads distribution's Bearer challenge with a comma inside the quoted scope", () => {
    const [challenge] = parseWwwAuthenticate('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:samalba/my-app:pull,push"');
    expect(challenge).toEqual({
      scheme: "bearer",
      params: { realm: "https://auth.docker.io/token", service: "registry.docker.io", scope: "repository:samalba/my-app:pull,push" },
    });
  });

  it("reads Basic, token values, spaces around = and escaped quotes", () => {
    expect(parseWwwAuthenticate('Basic realm="basic-realm"')).toEqual([{ scheme: "basic", params: { realm: "basic-realm" } }]);
    expect(parseWwwAuthenticate('bearer Realm = "a \\"b\\" c" , error=insufficient_scope')).toEqual([
      { scheme: "bearer", params: { realm: 'a "b" c', error: "insufficient_scope" } },
    ]);
  });

  it("splits several challenges in one value and across values", () => {
    const joined = parseWwwAuthenticate('Basic realm="r1", Bearer realm="https://t/x",service="s"');
    expect(joined.map((c) => c.scheme)).toEqual(["basic", "bearer"]);
    expect(joined[1].params).toEqual({ realm: "https://t/x", service: "s" });
    const separate = parseWwwAuthenticate(["Negotiate", 'Bearer realm="https://t"']);
    expect(separate.map((c) => c.scheme)).toEqual(["negotiate", "bearer"]);
    expect(findChallenge(separate, "bearer")?.params.realm).toBe("https://t");
    expect(findChallenge(separate, "basic")).toBeUndefined();
  });

  it("keeps what it can from malformed input and never loops", () => {
    expect(parseWwwAuthenticate(undefined)).toEqual([]);
    expect(parseWwwAuthenticate("")).toEqual([]);
    expect(parseWwwAuthenticate('Bearer realm="unterminated')).toEqual([{ scheme: "bearer", params: { realm: "unterminated" } }]);
    expect(parseWwwAuthenticate('Basic realm="x"/junk')).toEqual([{ scheme: "basic", params: { realm: "x" } }]);
  });
});
