/**
 * The install YAML works as a customer's cluster would use it: every image reference
 * in it is pulled with skopeo from the real registry handler, with the credentials
 * decoded from its own `replicatedregistrykey` Secret, and arrives byte for byte
 * (a single-platform image and every platform of an index).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { createRelease } from "@/lib/release-store/create-release";
import { createAccountWithApp, type AccountWithApp } from "@/lib/images/test-support/account-with-app";
import { startTestRegistry, type TestRegistry } from "@/lib/registry/http/test-registry";
import { readLayoutTag, writeImageLayout, writeIndexLayout } from "@/lib/registry/http/test-oci-layout";
import { prepareSkopeo, skopeoCopy, type SkopeoEnvironment } from "@/lib/registry/http/test-skopeo";
import { createCustomer } from "./customers";
import { getInstallYaml } from "./licenses";
import { promoteRelease } from "./promotions";

let registry: TestRegistry;
let owner: AccountWithApp;
let work: string;
let skopeo: SkopeoEnvironment;
const pushed = new Map<string, string>();

function releaseYaml(host: string, slug: string): string {
  return `images:
  - {source: replicated, name: worker, tag: 1.0.1}
  - {source: replicated, name: api, tag: 2.0.0}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: app}
spec:
  selector: {matchLabels: {app: app}}
  template:
    metadata: {labels: {app: app}}
    spec:
      imagePullSecrets: [{name: replicatedregistrykey}]
      initContainers:
        - {name: migrate, image: "${host}/${slug}/api:2.0.0"}
      containers:
        - {name: worker, image: "${host}/${slug}/worker:1.0.1"}
`;
}

beforeAll(async () => {
  registry = await startTestRegistry();
  process.env.REGISTRY_HOST = registry.host;
  owner = await createAccountWithApp("install-pull");
  work = await mkdtemp(path.join(tmpdir(), "slipway-install-pull-"));
  skopeo = await prepareSkopeo(work);
  const vendorCredentials = `${owner.email}:${owner.token}`;
  const worker = await writeImageLayout(path.join(work, "worker"), "1.0.1", { os: "linux", architecture: "amd64", layerSizes: [4096] });
  const api = await writeIndexLayout(path.join(work, "api"), "2.0.0", [
    { os: "linux", architecture: "amd64", layerSizes: [2048] },
    { os: "linux", architecture: "arm64", layerSizes: [3072] },
  ]);
  await skopeoCopy(skopeo, `oci:${path.join(work, "worker")}:1.0.1`, `docker://${registry.host}/${owner.app.slug}/worker:1.0.1`, vendorCredentials);
  await skopeoCopy(skopeo, `oci:${path.join(work, "api")}:2.0.0`, `docker://${registry.host}/${owner.app.slug}/api:2.0.0`, vendorCredentials, ["--all"]);
  pushed.set(`${registry.host}/${owner.app.slug}/worker:1.0.1`, worker.digest);
  pushed.set(`${registry.host}/${owner.app.slug}/api:2.0.0`, api.digest);
  await createRelease(owner.principal, owner.app.slug, { yaml: releaseYaml(registry.host, owner.app.slug), notes: "" });
  await promoteRelease(owner.principal, owner.app.slug, 1, { channel: "Stable", version: "1.0.0", notes: "" });
});

afterAll(async () => {
  expect(registry.loggedErrors).toEqual([]);
  await registry.close();
  await rm(work, { recursive: true, force: true });
});

describe("install YAML against the registry", () => {
  it("pulls every image it names with the license from its own pull secret", async () => {
    const customer = await createCustomer(owner.principal, owner.app.slug, { name: "Cluster Co", channel: "Stable", type: "paid", airgap: false });
    const { text } = await getInstallYaml(owner.principal, owner.app.slug, customer.id);
    const documents = parseAllDocuments(text).map((document) => document.toJS());
    const secret = documents.find((document) => document.kind === "Secret" && document.metadata.name === "replicatedregistrykey");
    const auths = JSON.parse(Buffer.from(secret.data[".dockerconfigjson"], "base64").toString()).auths;
    const images = documents
      .filter((document) => document.kind === "Deployment")
      .flatMap((document) => [...(document.spec.template.spec.initContainers ?? []), ...document.spec.template.spec.containers])
      .map((container: { image: string }) => container.image);
    expect(images.sort()).toEqual([...pushed.keys()].sort());
    for (const image of images) {
      const host = image.split("/")[0]!;
      const { username, password } = auths[host];
      expect(username).toBe(customer.licenseId);
      const tag = image.split(":").pop()!;
      const target = path.join(work, `pulled-${image.replace(/[^a-z0-9]+/gi, "-")}`);
      await skopeoCopy(skopeo, `docker://${image}`, `oci:${target}:${tag}`, `${username}:${password}`, ["--all"]);
      expect(await readLayoutTag(target, tag)).toBe(pushed.get(image));
    }
  });
});
