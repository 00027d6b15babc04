import { describe, expect, it } from "vitest";
import { previewRelease } from "./preview-release";
import { CONTEXT, GUESTBOOK, container, deployment } from "./test-fixtures";
import type { DiagnosticCode } from "./types";

const RESOURCES = "          resources:\n            requests: {cpu: 10m, memory: 16Mi}\n            limits: {memory: 32Mi}\n";

function found(text: string, code: DiagnosticCode) {
  return previewRelease(text, CONTEXT)
    .diagnostics.filter((diagnostic) => diagnostic.code === code)
    .map((diagnostic) => ({ severity: diagnostic.severity, at: text.slice(diagnostic.from, diagnostic.to), message: diagnostic.message, fix: diagnostic.fix?.kind ?? null }));
}

describe("container-resources-missing", () => {
  it("notes each container of the guestbook, which sets none", () => {
    expect(found(GUESTBOOK, "container-resources-missing").map(({ severity, at }) => [severity, at])).toEqual([
      ["info", "master"],
      ["info", "setup"],
      ["info", "php-redis"],
      ["info", "postgres"],
    ]);
  });

  it("says which half is missing, and nothing when both are set", () => {
    const limitsOnly = deployment("web", container("web", "redis:7.2", "          resources: {limits: {memory: 32Mi}}\n"));
    expect(found(limitsOnly, "container-resources-missing")[0].message).toMatch(/^Container "web" of Deployment "web" sets no resource requests, so the scheduler/);
    expect(found(deployment("web", container("web", "redis:7.2", RESOURCES)), "container-resources-missing")).toEqual([]);
  });
});

describe("privileged and allow-privilege-escalation", () => {
  it("warn at the flag and offer to turn it off", () => {
    const text = deployment("web", container("web", "redis:7.2", `${RESOURCES}          securityContext:\n            privileged: true\n            allowPrivilegeEscalation: true\n`));
    expect(found(text, "privileged")).toEqual([
      { severity: "warning", at: "true", message: expect.stringMatching(/^Container "web" of Deployment "web" runs privileged .*root access to the customer's node/), fix: "disable-security-flag" },
    ]);
    expect(found(text, "allow-privilege-escalation")).toEqual([
      { severity: "warning", at: "true", message: expect.stringMatching(/sets securityContext\.allowPrivilegeEscalation: true.*setuid/), fix: "disable-security-flag" },
    ]);
  });

  it("say nothing for false flags", () => {
    const text = deployment("web", container("web", "redis:7.2", `${RESOURCES}          securityContext: {privileged: false, allowPrivilegeEscalation: false}\n`));
    expect([...found(text, "privileged"), ...found(text, "allow-privilege-escalation")]).toEqual([]);
  });
});

describe("host-path-volume and docker-socket", () => {
  function withVolumes(volumes: string): string {
    return deployment("agent", container("agent", "redis:7.2", RESOURCES)) + `      volumes:\n${volumes}`;
  }

  it("warns about a hostPath volume at its path", () => {
    const text = withVolumes("        - name: logs\n          hostPath: {path: /var/log}\n");
    expect(found(text, "host-path-volume")).toEqual([{ severity: "warning", at: "/var/log", message: expect.stringMatching(/^Volume "logs" of Deployment "agent" is a hostPath volume \(\/var\/log\)/), fix: null }]);
    expect(found(text, "docker-socket")).toEqual([]);
  });

  it.each(["/var/run/docker.sock", "/run/containerd/containerd.sock", "/var/run", "/var/run/"])("calls %s a runtime socket", (path) => {
    const text = withVolumes(`        - name: sock\n          hostPath:\n            path: ${path}\n`);
    expect(found(text, "docker-socket").map(({ severity, at }) => [severity, at])).toEqual([["warning", path]]);
    expect(found(text, "host-path-volume")).toEqual([]);
  });
});
