import { parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";
import { previewRelease } from "./preview-release";
import {
  CONTEXT,
  GUESTBOOK,
  IMAGES_CONFIG,
  QUAY_IMAGE,
  QUAY_PROXIED,
  WORKER_IMAGE,
  container,
  deployment,
  withoutImagesConfig,
} from "./test-fixtures";
import type { ReleasePreview } from "./types";

const DIGEST = `sha256:${"b".repeat(64)}`;

function codes(preview: ReleasePreview): string[] {
  return preview.diagnostics.map((diagnostic) => diagnostic.code);
}

/** True when every line of `part` occurs in `whole`, in the same order. */
function isLineSubsequence(part: string, whole: string): boolean {
  const lines = whole.split("\n");
  let at = 0;
  for (const line of part.split("\n")) {
    while (at < lines.length && lines[at] !== line) at++;
    if (at++ >= lines.length) return false;
  }
  return true;
}

/** The stream as plain data with every `image` value replaced, to compare structure around the images. */
function structureWithoutImages(text: string): unknown[] {
  const blank = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(blank);
    if (value && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, key === "image" ? "<image>" : blank(inner)]));
    }
    return value;
  };
  return parseAllDocuments(text).map((doc) => {
    expect(doc.errors).toEqual([]);
    return blank(doc.toJS());
  });
}

describe("previewRelease on the documented examples", () => {
  const release = `${IMAGES_CONFIG}---\n${deployment(
    "worker",
    container("worker", `${WORKER_IMAGE} # pushed with docker push`) +
      container("third-party", QUAY_IMAGE) +
      container("cache", "redis:3.2-alpine") +
      container("db", "postgres:9.4"),
  )}`;
  const preview = previewRelease(release, CONTEXT);

  it("keeps this application's image and records where it is", () => {
    const worker = preview.images[0];
    expect(worker).toMatchObject({
      image: WORKER_IMAGE,
      source: "replicated",
      isRewritten: false,
      rewritten: WORKER_IMAGE,
      isListed: true,
      lookupKey: "myapp/worker:1.0.1",
      resource: { kind: "Deployment", name: "worker", apiVersion: "apps/v1" },
      container: { name: "worker", field: "containers", index: 0 },
      reference: { registry: "registry.example.com", repository: "myapp/worker", tag: "1.0.1", digest: null },
    });
    expect(release.split("\n")[worker.line - 1]).toContain(WORKER_IMAGE);
    expect(release.slice(worker.from, worker.to)).toBe(WORKER_IMAGE);
  });

  it("rewrites the external Quay image through the proxy", () => {
    expect(preview.images[1]).toMatchObject({
      source: "external",
      externalRegistry: "mythirdpartyprivateregistry",
      isRewritten: true,
      rewritten: QUAY_PROXIED,
      lookupKey: QUAY_IMAGE,
      reference: { registry: "quay.io", repository: "namespace/imagename", tag: "2.0.0" },
    });
  });

  it("leaves public images alone, with Docker Hub's implicit parts in the parsed reference", () => {
    expect(preview.images.slice(2).map((image) => [image.source, image.rewritten, image.reference?.repository])).toEqual([
      ["public", "redis:3.2-alpine", "library/redis"],
      ["public", "postgres:9.4", "library/postgres"],
    ]);
  });

  it("changes only the external image's text, keeping comments, and leaves the release config out", () => {
    expect(preview.rewritten).toBe(withoutImagesConfig(release).replace(QUAY_IMAGE, QUAY_PROXIED));
    expect(preview.rewritten).toContain("# pushed with docker push");
    expect(preview.rewritten).not.toContain("images:");
    expect(structureWithoutImages(preview.rewritten)).toEqual(structureWithoutImages(withoutImagesConfig(release)));
  });

  it("lists every images: entry for the airgap bundle", () => {
    expect(preview.airgap.map((entry) => [entry.reference, entry.source, entry.pullReference])).toEqual([
      [WORKER_IMAGE, "replicated", WORKER_IMAGE],
      [QUAY_IMAGE, "mythirdpartyprivateregistry", QUAY_PROXIED],
      ["index.docker.io/library/redis:3.2-alpine", "public", "index.docker.io/library/redis:3.2-alpine"],
      ["index.docker.io/library/postgres:9.4", "public", "index.docker.io/library/postgres:9.4"],
    ]);
    expect(preview.airgap[0]).toMatchObject({ lookupKey: "myapp/worker:1.0.1", digest: null, size: null, exists: null, line: 3 });
    expect(preview.airgapTotalSize).toBeNull();
  });

  it("has nothing to complain about but containers without resources (notes)", () => {
    expect(preview.diagnostics.filter((diagnostic) => diagnostic.code !== "container-resources-missing")).toEqual([]);
    expect(new Set(preview.diagnostics.map((diagnostic) => diagnostic.severity))).toEqual(new Set(["info"]));
  });
});

describe("previewRelease rewriting", () => {
  it("keeps the digest and the quoting style of the rewritten scalar", () => {
    const release = deployment(
      "web",
      container("a", `'${QUAY_IMAGE}@${DIGEST}'`) + container("b", `"quay.io/namespace/imagename@${DIGEST}"`),
    );
    const rewritten = previewRelease(release, CONTEXT).rewritten;
    expect(rewritten).toContain(`image: '${QUAY_PROXIED}@${DIGEST}'`);
    expect(rewritten).toContain(`image: "registry.example.com/proxy/myapp/quay.io/namespace/imagename@${DIGEST}"`);
  });

  it("rewrites images inside flow mappings", () => {
    const release = deployment("web", `        - {name: a, image: ${QUAY_IMAGE}, imagePullPolicy: IfNotPresent}\n`);
    const preview = previewRelease(release, CONTEXT);
    expect(preview.rewritten).toContain(`{name: a, image: ${QUAY_PROXIED}, imagePullPolicy: IfNotPresent}`);
    expect(structureWithoutImages(preview.rewritten)).toEqual(structureWithoutImages(release));
  });

  it("matches external registries by endpoint namespace, the most specific first", () => {
    const context = {
      ...CONTEXT,
      externalRegistries: [
        { name: "ghcr-all", endpoint: "ghcr.io" },
        { name: "ghcr-acme", endpoint: "https://GHCR.io/acme/" },
      ],
    };
    const release = deployment("web", container("a", "ghcr.io/acme/api:1") + container("b", "ghcr.io/other/api:1"));
    const images = previewRelease(release, context).images;
    expect(images.map((image) => image.externalRegistry)).toEqual(["ghcr-acme", "ghcr-all"]);
    expect(images[0].rewritten).toBe("registry.example.com/proxy/myapp/ghcr.io/acme/api:1");
  });

  it("proxies Docker Hub images of a registered Docker Hub namespace only", () => {
    const context = { ...CONTEXT, externalRegistries: [{ name: "hub", endpoint: "docker.io/acme" }] };
    const release = deployment("web", container("a", "acme/private:1") + container("b", "redis:7"));
    const images = previewRelease(release, context).images;
    expect(images.map((image) => image.rewritten)).toEqual([
      "registry.example.com/proxy/myapp/index.docker.io/acme/private:1",
      "redis:7",
    ]);
  });

  it("finds images in every workload kind and container list, and ignores other kinds", () => {
    const podSpec = (indent: string) =>
      `${indent}imagePullSecrets: [{name: replicatedregistrykey}]\n${indent}containers: [{name: c, image: ${QUAY_IMAGE}}]\n${indent}initContainers: [{name: i, image: ${QUAY_IMAGE}}]\n${indent}ephemeralContainers: [{name: e, image: ${QUAY_IMAGE}}]\n`;
    const withTemplate = (apiVersion: string, kind: string) =>
      `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: {name: x}\nspec:\n  template:\n    spec:\n${podSpec("      ")}`;
    const release = [
      `${IMAGES_CONFIG}`,
      `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n${podSpec("  ")}`,
      ...["ReplicationController"].map((kind) => withTemplate("v1", kind)),
      ...["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"].map((kind) => withTemplate("apps/v1", kind)),
      withTemplate("batch/v1", "Job"),
      `apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n${podSpec("          ")}`,
      `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: m}\ndata:\n  image: ${QUAY_IMAGE}\n`,
      `apiVersion: example.com/v1\nkind: Widget\nspec:\n  template:\n    spec:\n      containers: [{name: w, image: ${QUAY_IMAGE}}]\n`,
    ].join("---\n");
    const preview = previewRelease(release, CONTEXT);
    const kinds = preview.images.map((image) => `${image.resource.kind}/${image.container.field}`);
    expect(kinds).toHaveLength(24);
    expect(new Set(preview.images.map((image) => image.resource.kind))).toEqual(
      new Set(["Pod", "ReplicationController", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob"]),
    );
    expect(preview.images.every((image) => image.isRewritten)).toBe(true);
    expect(preview.rewritten).toContain(`data:\n  image: ${QUAY_IMAGE}`);
    expect(preview.rewritten.match(/proxy\/myapp/g)).toHaveLength(24);
  });

  it("follows anchors, aliases and merge keys, rewriting an anchored image once", () => {
    const release = `${IMAGES_CONFIG}---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      imagePullSecrets: [{name: replicatedregistrykey}]
      containers:
        - &base
          name: a
          image: &img ${QUAY_IMAGE}
        - <<: *base
          name: b
        - name: c
          image: *img
`;
    const preview = previewRelease(release, CONTEXT);
    expect(preview.images.map((image) => image.container.name)).toEqual(["a", "b", "c"]);
    expect(preview.images.every((image) => image.rewritten === QUAY_PROXIED)).toBe(true);
    expect(preview.rewritten).toBe(withoutImagesConfig(release).replace(QUAY_IMAGE, QUAY_PROXIED));
  });

  it("is idempotent: the release config with the rewritten resources rewrites to the same stream", () => {
    const first = previewRelease(GUESTBOOK, CONTEXT);
    const second = previewRelease(IMAGES_CONFIG + first.rewritten, CONTEXT);
    expect(second.rewritten).toBe(first.rewritten);
    expect(second.images.find((image) => image.container.name === "setup")).toMatchObject({
      source: "proxy",
      externalRegistry: "mythirdpartyprivateregistry",
      isListed: true,
      lookupKey: QUAY_IMAGE,
    });
    expect(codes(second)).toEqual(codes(first));
  });
});

describe("previewRelease with a Docker Hub account registered", () => {
  const withDockerHub = { ...CONTEXT, externalRegistries: [...CONTEXT.externalRegistries, { name: "dockerhub", endpoint: "docker.io" }] };

  it("keeps an image declared source: public public: not rewritten, no pull secret needed", () => {
    const release = `${IMAGES_CONFIG}---\n${deployment("cache", container("redis", "redis:3.2-alpine"), { pullSecret: false })}`;
    const preview = previewRelease(release, withDockerHub);
    expect(preview.images[0]).toMatchObject({ source: "public", externalRegistry: null, isRewritten: false, isListed: true, rewritten: "redis:3.2-alpine" });
    expect(codes(preview).filter((code) => code !== "container-resources-missing" && code !== "unused-image")).toEqual([]);
  });

  it("still proxies a Docker Hub image the release does not declare public", () => {
    const config = "images:\n  - {source: dockerhub, name: acme/private, tag: \"1\"}\n";
    const release = `${config}---\n${deployment("api", container("api", "acme/private:1"))}`;
    const [image] = previewRelease(release, withDockerHub).images;
    expect(image).toMatchObject({ source: "external", externalRegistry: "dockerhub", isRewritten: true, rewritten: "registry.example.com/proxy/myapp/index.docker.io/acme/private:1" });
  });
});

describe("previewRelease's rewritten stream", () => {
  it("holds Kubernetes objects only: the release config and a LintConfig in the middle are left out with their --- lines", () => {
    const web = deployment("web", container("web", QUAY_IMAGE));
    const lint = "apiVersion: slipway/v1\nkind: LintConfig\nrules:\n  latest-tag: off\n";
    const settings = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\n";
    const preview = previewRelease(`${IMAGES_CONFIG}---\n${web}---\n${lint}---\n${settings}`, CONTEXT);
    expect(preview.rewritten).toBe(`---\n${web.replace(QUAY_IMAGE, QUAY_PROXIED)}---\n${settings}`);
    const documents = parseAllDocuments(preview.rewritten).map((document) => document.toJS() as { apiVersion?: string; kind?: string });
    expect(documents.map((document) => `${document.apiVersion} ${document.kind}`)).toEqual(["apps/v1 Deployment", "v1 ConfigMap"]);
  });

  it("leaves out a release config that comes last, with its --- line", () => {
    const settings = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\n";
    expect(previewRelease(`${settings}---\n${IMAGES_CONFIG}`, CONTEXT).rewritten).toBe(settings);
  });
});

describe("previewRelease on the guestbook stream", () => {
  const preview = previewRelease(GUESTBOOK, CONTEXT);

  it("previews every container image with its resource and line", () => {
    expect(preview.images.map((image) => [image.resource.name, image.container.name, image.source, image.line])).toEqual([
      ["redis-master", "master", "public", 37],
      ["frontend", "setup", "external", 71],
      ["frontend", "php-redis", "replicated", 74],
      ["db", "postgres", "public", 103],
    ]);
    for (const image of preview.images) expect(GUESTBOOK.split("\n")[image.line - 1]).toContain(image.image);
  });

  it("rewrites only the external image, in its single quotes", () => {
    expect(preview.rewritten).toBe(withoutImagesConfig(GUESTBOOK).replace(`'${QUAY_IMAGE}'`, `'${QUAY_PROXIED}'`));
  });

  it("flags nothing but containers without resources (notes): every private image is listed and has the pull secret", () => {
    expect(preview.diagnostics.filter((diagnostic) => diagnostic.code !== "container-resources-missing")).toEqual([]);
  });
});

describe("previewRelease on damaged input", () => {
  it("never throws, and rewrites without adding syntax errors, for hundreds of random edits", () => {
    let state = 42;
    const random = (below: number) => (state = (state * 1103515245 + 12345) % 2147483648) % below;
    const debris = [":", "- ", "[", "]", "{", "}", "&a ", "*a", "\t", "'", '"', "#", "\n", "---\n", "  ", "image: 42\n", "<<: *a\n"];
    for (let run = 0; run < 300; run++) {
      const at = random(GUESTBOOK.length);
      const cut = random(3) === 0 ? random(40) : 0;
      const damaged = GUESTBOOK.slice(0, at) + debris[random(debris.length)] + GUESTBOOK.slice(at + cut);
      const preview = previewRelease(damaged, CONTEXT);
      for (const image of preview.images) expect(damaged.slice(image.from, image.to)).toContain(image.image.split("@")[0]);
      const before = parseAllDocuments(damaged).flatMap((doc) => doc.errors).length;
      const after = parseAllDocuments(preview.rewritten).flatMap((doc) => doc.errors).length;
      expect(after).toBeLessThanOrEqual(before);
      // Without a rewritten image, only whole documents (the release config) may be missing.
      if (!preview.images.some((image) => image.isRewritten)) expect(isLineSubsequence(preview.rewritten, damaged)).toBe(true);
    }
  }, 60_000);
});
