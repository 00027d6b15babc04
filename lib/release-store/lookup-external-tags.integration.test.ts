/**
 * The on-request upstream check against a real third-party registry: Debian's
 * docker-registry on loopback with htpasswd auth, holding an image pushed by skopeo,
 * registered for the team through the external-registries service with its secret
 * sealed. Loopback is reached only because the test allows 127.0.0.1 explicitly.
 */
import { randomBytes } from "node:crypto";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllowList } from "@/lib/external/address-guard";
import { registryInputSchema } from "@/lib/external/registry-input";
import { makeTempDir, pushWithSkopeo, removeDir, startDockerRegistry, writeOciLayout, type RunningRegistry } from "@/lib/external/test-support/docker-registry";
import { createRegistry } from "@/lib/external-registries/create-registry";
import { createAccountWithApp, type AccountWithApp } from "@/lib/images/test-support/account-with-app";
import { encodeProxyHost, listRequiredLookups, previewRelease } from "@/lib/releases";
import { testDatabaseUrl } from "@/lib/test/database";
import { lookupExternalTags } from "./lookup-external-tags";
import { previewReleaseForApp } from "./preview-for-app";

const USERNAME = "vendor-bot";
const PASSWORD = "Correct-Horse-Battery-Staple-42";
const allow = parseAllowList("127.0.0.1");
const secretsKey = randomBytes(32);

let dir: string | undefined;
let registry: RunningRegistry | undefined;
let account: AccountWithApp;

function release(slug: string, tag: string): string {
  return `images:
  - source: upstream
    name: acme/app
    tag: ${tag}
---
apiVersion: v1
kind: Pod
metadata:
  name: app
spec:
  imagePullSecrets:
    - name: replicatedregistrykey
  containers:
    - name: app
      image: ${registry!.endpoint}/acme/app:${tag}
`;
}

async function register(name: string, password: string): Promise<void> {
  const input = registryInputSchema.parse({ name, endpoint: registry!.endpoint, username: USERNAME, password });
  await createRegistry(account.principal, input, { secretsKey });
}

beforeAll(async () => {
  testDatabaseUrl();
  process.env.REGISTRY_HOST = "registry.example.com";
  dir = await makeTempDir("slipway-release-upstream-");
  registry = await startDockerRegistry({ dir, storageDir: path.join(dir, "storage"), auth: { kind: "htpasswd", username: USERNAME, password: PASSWORD } });
  const layoutDir = path.join(dir, "layout");
  await writeOciLayout(layoutDir, "1.0");
  await pushWithSkopeo(layoutDir, "1.0", `${registry.endpoint}/acme/app:1.0`, `${USERNAME}:${PASSWORD}`);
  account = await createAccountWithApp("release-upstream");
  await register("upstream", PASSWORD);
});

afterAll(async () => {
  await registry?.stop();
  await removeDir(dir);
});

describe("lookupExternalTags", () => {
  it("finds a pushed tag and reports a missing one, with the stored credentials", async () => {
    const context = { registryHost: "registry.example.com", appSlug: account.app.slug, externalRegistries: [{ name: "upstream", endpoint: registry!.endpoint }] };
    const lookups = [
      ...listRequiredLookups(previewRelease(release(account.app.slug, "1.0"), context)).external,
      ...listRequiredLookups(previewRelease(release(account.app.slug, "2.0"), context)).external,
    ];
    expect(lookups.map((lookup) => lookup.key)).toEqual([`${registry!.endpoint}/acme/app:1.0`, `${registry!.endpoint}/acme/app:2.0`]);
    const results = await lookupExternalTags(account.principal.teamId, lookups, { allow, secretsKey });
    expect(results).toEqual({ [lookups[0].key]: { exists: true }, [lookups[1].key]: { exists: false } });
  });

  it("says why it could not check, without the password, when the credentials are wrong", async () => {
    await register("wrongpass", "not-the-password-at-all");
    const lookup = { key: "k", externalRegistry: "wrongpass", registry: registry!.endpoint, repository: "acme/app", tag: "1.0", digest: null };
    const results = await lookupExternalTags(account.principal.teamId, [lookup], { allow, secretsKey });
    expect(results.k.exists).toBe(false);
    expect(results.k.message).toMatch(/^could not check: /);
    expect(results.k.message).not.toContain("not-the-password-at-all");
  });

  it("never uses another team's registry of the same name", async () => {
    const other = await createAccountWithApp("release-upstream-other");
    const lookup = { key: "k", externalRegistry: "upstream", registry: registry!.endpoint, repository: "acme/app", tag: "1.0", digest: null };
    const results = await lookupExternalTags(other.principal.teamId, [lookup], { allow, secretsKey });
    expect(results.k).toEqual({ exists: false, message: 'the registry "upstream" is no longer registered' });
  });
});

describe("previewReleaseForApp with checkExternal", () => {
  it("merges the upstream answers into the preview: found, and not found as a warning", async () => {
    const options = { checkExternal: true, external: { allow, secretsKey } };
    const found = await previewReleaseForApp(account.principal, account.app.slug, release(account.app.slug, "1.0"), options);
    expect(found.images[0]).toMatchObject({ source: "external", availability: { exists: true } });
    expect(found.images[0].rewritten).toBe(`registry.example.com/proxy/${account.app.slug}/${encodeProxyHost(registry!.endpoint)}/acme/app:1.0`);
    const missing = await previewReleaseForApp(account.principal, account.app.slug, release(account.app.slug, "2.0"), options);
    const notFound = missing.diagnostics.filter((d) => d.code === "image-not-found");
    // Once on the images: entry (line 2), once on the container (line 15).
    expect(notFound.map((d) => [d.severity, d.line])).toEqual([["warning", 2], ["warning", 15]]);
    // Without the request nothing is checked upstream.
    const unchecked = await previewReleaseForApp(account.principal, account.app.slug, release(account.app.slug, "2.0"));
    expect(unchecked.images[0].availability).toBeNull();
    expect(unchecked.lookups.external).toBeUndefined();
  });
});
