import { describe, expect, it } from "vitest";
import { applyFix } from "./apply-fix";
import { codesOf, fixFor } from "./test-fix-helpers";
import { CONTEXT, GUESTBOOK, container, deployment } from "./test-fixtures";



describe("set-pull-policy (latest-tag)", () => {
  it("adds imagePullPolicy after the image of a block container", () => {
    const text = deployment("web", container("web", "redis  # floating", "          ports: [{containerPort: 6379}]\n"));
    const fix = fixFor(text, "latest-tag");
    expect(fix).toMatchObject({ kind: "set-pull-policy", document: 0, path: ["spec", "template", "spec", "containers", 0] });
    const fixed = applyFix(text, fix, CONTEXT);
    expect(fixed).toBe(text.replace("image: redis  # floating\n", "image: redis  # floating\n          imagePullPolicy: IfNotPresent\n"));
    expect(codesOf(fixed)).not.toContain("latest-tag");
  });

  it("replaces an Always policy in place, keeping its quotes", () => {
    const text = deployment("web", container("web", "redis:latest", '          imagePullPolicy: "Always"\n'));
    expect(applyFix(text, fixFor(text, "latest-tag"), CONTEXT)).toBe(text.replace('"Always"', '"IfNotPresent"'));
  });

  it("adds it to a flow container", () => {
    const text = GUESTBOOK.replace('image: "postgres:9.4"', 'image: "postgres"');
    const fixed = applyFix(text, fixFor(text, "latest-tag"), CONTEXT);
    expect(fixed).toContain('- {name: postgres, image: "postgres", imagePullPolicy: IfNotPresent}');
    expect(codesOf(fixed)).not.toContain("latest-tag");
  });
});

describe("disable-security-flag", () => {
  it.each([
    ["privileged", "privileged"],
    ["allowPrivilegeEscalation", "allow-privilege-escalation"],
  ] as const)("sets %s to false", (field, code) => {
    const text = deployment("web", container("web", "redis:7.2", `          securityContext:\n            ${field}: true\n`));
    const fix = fixFor(text, code);
    expect(fix).toMatchObject({ kind: "disable-security-flag", field, label: `Set ${field}: false` });
    const fixed = applyFix(text, fix, CONTEXT);
    expect(fixed).toBe(text.replace(`${field}: true`, `${field}: false`));
    expect(codesOf(fixed)).not.toContain(code);
  });
});
