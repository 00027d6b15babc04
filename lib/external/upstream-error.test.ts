import { describe, expect, it } from "vitest";
import { describeUpstreamError, extractOciErrorCode, redactSecrets, UpstreamError } from "./upstream-error";

const json = (value: unknown) => Buffer.from(JSON.stringify(value));

describe("describeUpstreamError", () => {
  it("prefers the OCI error body's code and message", () => {
    const body = json({ errors: [{ code: "UNAUTHORIZED", message: "authentication required", detail: [] }] });
    expect(describeUpstreamError(401, "Unauthorized", body, [])).toBe("UNAUTHORIZED: authentication required");
    expect(extractOciErrorCode(json({ errors: [{ code: "MANIFEST_UNKNOWN" }] }))).toBe("MANIFEST_UNKNOWN");
    expect(extractOciErrorCode(Buffer.from("nope"))).toBeUndefined();
  });

  it("reads token servers' shapes, short text, and falls back to the status line", () => {
    expect(describeUpstreamError(401, "Unauthorized", json({ details: "incorrect username or password" }), [])).toBe("incorrect username or password");
    expect(describeUpstreamError(400, "", json({ error: "invalid_grant", error_description: "bad token" }), [])).toBe("bad token");
    expect(describeUpstreamError(502, "Bad Gateway", Buffer.from("upstream\n  down"), [])).toBe("upstream down");
    expect(describeUpstreamError(404, "Not Found", Buffer.from("<html><body>nope</body></html>"), [])).toBe("HTTP 404 Not Found");
    expect(describeUpstreamError(500, "", undefined, [])).toBe("HTTP 500");
    expect(describeUpstreamError(500, "", Buffer.from("x".repeat(1000)), []).length).toBeLessThanOrEqual(301);
  });
});

describe("redactSecrets", () => {
  it("removes the secret in plain, URL-encoded and base64 forms", () => {
    const password = "p@ss word/1";
    const text = `echo ${password} ${encodeURIComponent(password)} Basic ${Buffer.from(`bob:${password}`).toString("base64")}`;
    const redacted = redactSecrets(text, [password, `bob:${password}`]);
    expect(redacted).not.toContain(password);
    expect(redacted).not.toContain(encodeURIComponent(password));
    expect(redacted).not.toContain(Buffer.from(`bob:${password}`).toString("base64"));
    expect(redactSecrets("nothing here", [undefined, ""])).toBe("nothing here");
    expect(redactSecrets("got bob:pw1234", ["pw1234", "bob:pw1234"])).toBe("got [redacted]");
  });
});

describe("describeUpstreamError with secrets", () => {
  const password = 'p@ss "word"+/1 ~ü';
  const secrets = [password, `bob:${password}`];

  it("redacts before it cuts: a secret straddling the 300-character limit leaves no part of it", () => {
    const text = `${"x".repeat(295)}${password} and more`;
    const described = describeUpstreamError(401, "", Buffer.from(text), secrets);
    expect(described).not.toContain(password.slice(0, 5));
    expect(described.startsWith(`${"x".repeat(295)}[red`)).toBe(true);
  });

  it.each([
    ["as sent", password],
    ["percent-encoded", encodeURIComponent(password)],
    ["form-encoded (spaces as +)", new URLSearchParams({ p: password }).toString().slice(2)],
    ["base64 of user:password", Buffer.from(`bob:${password}`).toString("base64")],
    ["base64", Buffer.from(password).toString("base64")],
  ])("redacts the password %s in a plain-text body", (_form, echoed) => {
    const described = describeUpstreamError(401, "", Buffer.from(`denied: you sent ${echoed}`), secrets);
    expect(described).toBe("denied: you sent [redacted]");
  });

  it("redacts the password JSON-escaped in a JSON body, and spelled with \\u escapes", () => {
    const escaped = json({ errors: [{ code: "DENIED", message: `password=${password}` }] });
    expect(escaped.toString()).toContain('\\"word\\"');
    expect(describeUpstreamError(401, "", escaped, secrets)).toBe("DENIED: password=[redacted]");
    const unicode = Buffer.from(`{"details": "${[...password].map((char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`).join("")}"}`);
    expect(describeUpstreamError(401, "", unicode, secrets)).toBe("[redacted]");
  });
});

describe("UpstreamError", () => {
  it("is upstream_failed, except rate limiting which keeps its retry hint", () => {
    expect(new UpstreamError("not_found", "x").status).toBe(502);
    const limited = new UpstreamError("rate_limited", "slow down", { retryAfter: 30 });
    expect([limited.code, limited.status, limited.retryAfter]).toEqual(["rate_limited", 429, 30]);
  });
});
