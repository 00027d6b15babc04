import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { applyFix } from "./apply-fix";
import { codesOf, fixFor } from "./test-fix-helpers";
import { diffLines } from "./diff-lines";
import { previewRelease } from "./preview-release";
import { CONTEXT, IMAGES_CONFIG, QUAY_IMAGE, QUAY_PROXIED, WORKER_IMAGE, container, deployment } from "./test-fixtures";
import type { ReleaseFix } from "./types";



/** Lines the fix removed, and lines it added. */
function changes(before: string, after: string) {
  const diff = diffLines(before, after);
  return {
    removed: diff.filter((change) => change.type === "removed").map((change) => change.text),
    added: diff.filter((change) => change.type === "added").map((change) => change.text),
  };
}

describe("applyFix add-pull-secret", () => {
  it("inserts the secret into a block pod spec, changing nothing else", () => {
    const release = `${IMAGES_CONFIG}---\n${deployment("web", container("web", `${WORKER_IMAGE}  # our worker`), { pullSecret: false })}`;
    const fixed = applyFix(release, fixFor(release, "missing-pull-secret"), CONTEXT);
    expect(changes(release, fixed)).toEqual({
      removed: [],
      added: ["      imagePullSecrets:", "        - name: replicatedregistrykey"],
    });
    expect(fixed).toContain("# our worker");
    expect(codesOf(fixed)).not.toContain("missing-pull-secret");
  });

  it("adds the entry to an existing block list of other secrets", () => {
    const release = deployment("web", container("q", QUAY_IMAGE)).replace("- name: replicatedregistrykey", "- name: quay-credentials");
    const fixed = applyFix(release, fixFor(release, "missing-pull-secret"), CONTEXT);
    expect(fixed).toContain("      imagePullSecrets:\n        - name: replicatedregistrykey\n        - name: quay-credentials\n");
    expect(codesOf(fixed)).not.toContain("missing-pull-secret");
  });

  it.each([
    ["an empty flow list", "imagePullSecrets: []", "imagePullSecrets: [{name: replicatedregistrykey}]"],
    ["a flow list", "imagePullSecrets: [{name: a}]", "imagePullSecrets: [{name: replicatedregistrykey}, {name: a}]"],
    ["an empty value", "imagePullSecrets:", "imagePullSecrets: [{name: replicatedregistrykey}]"],
    ["a null value", "imagePullSecrets: ~", "imagePullSecrets: [{name: replicatedregistrykey}]"],
  ])("handles %s", (_what, before, after) => {
    const release = `${IMAGES_CONFIG}---\n${deployment("web", container("q", QUAY_IMAGE)).replace(
      "imagePullSecrets:\n        - name: replicatedregistrykey",
      before,
    )}`;
    const fixed = applyFix(release, fixFor(release, "missing-pull-secret"), CONTEXT);
    expect(fixed).toBe(release.replace(before, after));
  });

  it("handles a flow pod spec and a Pod", () => {
    const release = `${IMAGES_CONFIG}---\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: q, image: ${QUAY_IMAGE}}]}\n`;
    const fixed = applyFix(release, fixFor(release, "missing-pull-secret"), CONTEXT);
    expect(fixed).toContain(`spec: {imagePullSecrets: [{name: replicatedregistrykey}], containers: [{name: q, image: ${QUAY_IMAGE}}]}`);
    expect(previewRelease(fixed, CONTEXT).rewritten).toContain(QUAY_PROXIED);
  });

  it("reaches the pod spec of a CronJob in the right document", () => {
    const cronJob = `apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  schedule: "@daily"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers:\n            - name: job\n              image: ${WORKER_IMAGE}\n`;
    const release = `${IMAGES_CONFIG}---\n${deployment("web", container("web", "redis:7"), { pullSecret: false })}---\n${cronJob}`;
    const fix = fixFor(release, "missing-pull-secret");
    expect(fix).toMatchObject({ document: 2, path: ["spec", "jobTemplate", "spec", "template", "spec"] });
    const fixed = applyFix(release, fix, CONTEXT);
    expect(fixed).toContain("        spec:\n          imagePullSecrets:\n            - name: replicatedregistrykey\n          restartPolicy: OnFailure\n");
    expect(codesOf(fixed)).not.toContain("missing-pull-secret");
  });

  it("keeps CRLF line endings", () => {
    const release = `${IMAGES_CONFIG}---\n${deployment("web", container("q", QUAY_IMAGE), { pullSecret: false })}`.replaceAll("\n", "\r\n");
    const fixed = applyFix(release, fixFor(release, "missing-pull-secret"), CONTEXT);
    expect(fixed.replaceAll("\r\n", "")).not.toContain("\n");
    expect(codesOf(fixed)).not.toContain("missing-pull-secret");
  });
});

describe("applyFix migrate-api-version", () => {
  const old = `${IMAGES_CONFIG}---
apiVersion: extensions/v1beta1  # from 2017
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  template:
    metadata:
      labels:
        app: web
        "tier": 'frontend'
    spec:
      imagePullSecrets:
        - name: replicatedregistrykey
      containers:
        - name: q
          image: ${QUAY_IMAGE}
`;

  it("moves an extensions/v1beta1 Deployment to apps/v1 with the selector from the template labels", () => {
    const fix = fixFor(old, "deprecated-api-version");
    expect(fix).toMatchObject({ kind: "migrate-api-version", from: "extensions/v1beta1", to: "apps/v1", label: "Migrate to apps/v1" });
    const fixed = applyFix(old, fix, CONTEXT);
    expect(changes(old, fixed)).toEqual({
      removed: ["apiVersion: extensions/v1beta1  # from 2017"],
      added: ["apiVersion: apps/v1  # from 2017", "  selector:", "    matchLabels:", "      app: web", `      "tier": 'frontend'`],
    });
    const preview = previewRelease(fixed, CONTEXT);
    expect(preview.diagnostics.filter((diagnostic) => diagnostic.severity !== "info")).toEqual([]);
    expect(preview.images[0].rewritten).toBe(QUAY_PROXIED);
  });

  it("keeps an existing selector and a quoted apiVersion's quotes", () => {
    const release = deployment("web", container("web", "redis:7"), { apiVersion: '"apps/v1beta2"' });
    const fixed = applyFix(release, fixFor(release, "deprecated-api-version"), CONTEXT);
    expect(fixed).toBe(release.replace('"apps/v1beta2"', '"apps/v1"'));
  });

  it("migrates a batch/v1beta1 CronJob to batch/v1 without adding a selector", () => {
    const release = `apiVersion: batch/v1beta1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  schedule: "@daily"\n  jobTemplate:\n    spec:\n      template:\n        metadata: {labels: {app: c}}\n        spec:\n          containers: [{name: c, image: "redis:7"}]\n`;
    const fixed = applyFix(release, fixFor(release, "deprecated-api-version"), CONTEXT);
    expect(fixed).toBe(release.replace("batch/v1beta1", "batch/v1"));
  });
});

describe("applyFix on stale input", () => {
  it("refuses a fix whose target is gone, as invalid input", () => {
    const release = `${IMAGES_CONFIG}---\n${deployment("web", container("q", QUAY_IMAGE), { pullSecret: false })}`;
    const fix = fixFor(release, "missing-pull-secret");
    expect(() => applyFix(IMAGES_CONFIG, fix, CONTEXT)).toThrow(AppError);
    const migrate: ReleaseFix = { kind: "migrate-api-version", label: "x", document: 1, from: "apps/v1beta1", to: "apps/v1" };
    try {
      applyFix(release, migrate, CONTEXT);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe("invalid_input");
      expect((error as AppError).message).toContain("no longer apps/v1beta1");
    }
  });
});
