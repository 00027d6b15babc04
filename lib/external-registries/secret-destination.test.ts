import { describe, expect, it } from "vitest";
import { isSameServer, requireSecretForNewServer } from "./secret-destination";

describe("isSameServer", () => {
  it.each([
    ["quay.io/acme", "quay.io/other", true],
    ["index.docker.io/acme", "index.docker.io", true],
    ["127.0.0.1:5000", "127.0.0.1:5000/ns", true],
    ["quay.io/acme", "ghcr.io/acme", false],
    ["127.0.0.1:5000", "127.0.0.1:5001", false],
    ["registry.example", "http://registry.example", false],
  ])("%s and %s: %s", (a, b, same) => {
    expect(isSameServer(a, b)).toBe(same);
  });
});

describe("requireSecretForNewServer", () => {
  it("lets a blank password keep the secret while the server stays the same", () => {
    expect(() => requireSecretForNewServer("quay.io/acme", {})).not.toThrow();
    expect(() => requireSecretForNewServer("quay.io/acme", { endpoint: "quay.io/other" })).not.toThrow();
    expect(() => requireSecretForNewServer("quay.io/acme", { endpoint: "ghcr.io/acme", password: "new-token" })).not.toThrow();
  });

  it("asks for the secret again when the endpoint moves to another server or to plain HTTP", () => {
    expect(() => requireSecretForNewServer("quay.io/acme", { endpoint: "evil.example/acme" })).toThrow(
      "password: enter the password or token again: the endpoint now points at https://evil.example instead of https://quay.io, and a stored secret is only sent to the server it was entered for",
    );
    expect(() => requireSecretForNewServer("registry.example", { endpoint: "http://registry.example" })).toThrow(/^password: /);
  });
});
