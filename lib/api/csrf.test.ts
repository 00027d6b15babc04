import { describe, expect, it } from "vitest";
import { explainCsrfRefusal } from "./csrf";

const request = (method: string, headers: Record<string, string>, body?: string) => new Request("http://portal.test:8080/api/v1/apps", { method, headers, body });

describe("explainCsrfRefusal", () => {
  it("lets reads through from anywhere", () => {
    expect(explainCsrfRefusal(request("GET", { origin: "http://evil.test" }), { requireJson: true })).toBeNull();
    expect(explainCsrfRefusal(request("HEAD", { "sec-fetch-site": "cross-site" }), { requireJson: true })).toBeNull();
  });

  it("compares Origin with the Host the request came to, port included", () => {
    const post = (origin: string) => request("POST", { host: "portal.test:8080", origin, "content-type": "application/json" }, "{}");
    expect(explainCsrfRefusal(post("http://portal.test:8080"), { requireJson: true, publicUrl: "" })).toBeNull();
    expect(explainCsrfRefusal(post("http://portal.test:8081"), { requireJson: true, publicUrl: "" })).toMatch(/another site or origin/);
    expect(explainCsrfRefusal(post("http://a.portal.test:8080"), { requireJson: true, publicUrl: "" })).toMatch(/another site or origin/);
    expect(explainCsrfRefusal(post("not a url"), { requireJson: true, publicUrl: "" })).toMatch(/another site or origin/);
  });

  it("accepts the configured public origin behind a proxy that rewrites Host", () => {
    const post = request("POST", { host: "10.0.0.5:3000", origin: "https://portal.example.com", "content-type": "application/json" }, "{}");
    expect(explainCsrfRefusal(post, { requireJson: true, publicUrl: "https://portal.example.com/" })).toBeNull();
    expect(explainCsrfRefusal(post, { requireJson: true, publicUrl: "https://other.example.com" })).toMatch(/another site/);
  });

  it("trusts Sec-Fetch-Site same-origin and refuses same-site", () => {
    expect(explainCsrfRefusal(request("DELETE", { "sec-fetch-site": "same-origin" }), { requireJson: true })).toBeNull();
    expect(explainCsrfRefusal(request("DELETE", { "sec-fetch-site": "same-site" }), { requireJson: true })).toMatch(/another site/);
  });

  it("lets a request with neither Origin nor Sec-Fetch-Site through (no browser sends such a POST)", () => {
    expect(explainCsrfRefusal(request("POST", { "content-type": "application/json" }, "{}"), { requireJson: true })).toBeNull();
  });

  it("requires a JSON or YAML body type only where asked and only when there is a body", () => {
    const same = { "sec-fetch-site": "same-origin" };
    expect(explainCsrfRefusal(request("POST", { ...same, "content-type": "text/plain" }, "{}"), { requireJson: true })).toMatch(/application\/json/);
    expect(explainCsrfRefusal(request("POST", { ...same, "content-length": "2" }, "{}"), { requireJson: true })).toMatch(/application\/json/);
    expect(explainCsrfRefusal(request("POST", { ...same, "transfer-encoding": "chunked" }, "{}"), { requireJson: true })).toMatch(/application\/json/);
    expect(explainCsrfRefusal(request("POST", { ...same, "content-length": "0" }), { requireJson: true })).toBeNull();
    expect(explainCsrfRefusal(request("POST", { ...same, "content-type": "application/json; charset=utf-8" }, "{}"), { requireJson: true })).toBeNull();
    expect(explainCsrfRefusal(request("POST", { ...same, "content-type": "application/yaml" }, "a: 1"), { requireJson: true })).toBeNull();
    expect(explainCsrfRefusal(request("DELETE", same), { requireJson: true })).toBeNull();
    // next-auth's forms: urlencoded is fine there, the origin is what counts.
    expect(explainCsrfRefusal(request("POST", { ...same, "content-type": "application/x-www-form-urlencoded" }, "a=1"))).toBeNull();
  });
});
