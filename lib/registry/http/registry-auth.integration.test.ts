/**
 * Token authentication and authorisation of /v2/: challenges, the token endpoint, and
 * the rule that only the owning team may pull, push or delete, without revealing what
 * exists to anyone else.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { revokeAccessToken } from "@/lib/auth/access-tokens";
import { buildImageManifest, ensureSeedRepository, seedManifest } from "@/lib/images/test-support/seed-images";
import { testPrisma } from "@/lib/test/database";
import {
  basicAuth,
  describeAnswer,
  createTestTenant,
  fetchTenantToken,
  fetchToken,
  pushManifest,
  pushSmallImage,
  startTestRegistry,
  type TestRegistry,
  type TestTenant,
} from "@/lib/registry/http/test-registry";

let registry: TestRegistry;
let owner: TestTenant;
let stranger: TestTenant;
let name: string;

beforeAll(async () => {
  registry = await startTestRegistry();
  owner = await createTestTenant("owner");
  stranger = await createTestTenant("stranger");
  name = `${owner.slug}/web`;
  const token = await fetchTenantToken(registry, owner, [name]);
  const image = await pushSmallImage(registry, token, name);
  await pushManifest(registry, token, name, "v1", image.manifest);
});

afterAll(async () => {
  expect(registry.loggedErrors).toEqual([]);
  await registry.close();
});

function parseChallenge(header: string | null): Record<string, string> {
  expect(header).toMatch(/^Bearer /);
  return Object.fromEntries([...header!.matchAll(/(\w+)="([^"]*)"/g)].map((match) => [match[1], match[2]]));
}

describe("GET /v2/", () => {
  it.each(["/v2/", "/v2"])("challenges an anonymous caller at %s with 401 and no redirect", async (path) => {
    const response = await fetch(`${registry.origin}${path}`, { redirect: "manual" });
    expect(response.status).toBe(401);
    expect(response.headers.get("docker-distribution-api-version")).toBe("registry/2.0");
    expect(parseChallenge(response.headers.get("www-authenticate"))).toEqual({ realm: `${registry.origin}/v2/token`, service: registry.host });
    expect(((await response.json()) as { errors: { code: string }[] }).errors[0]!.code).toBe("UNAUTHORIZED");
  });

  it("answers 200 to a token holder, as docker login checks", async () => {
    const token = await fetchToken(registry, owner.account.email, owner.account.password, []);
    const response = await fetch(`${registry.origin}/v2/`, { headers: { Authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
  });

  it("rejects a forged or foreign token with invalid_token", async () => {
    const response = await fetch(`${registry.origin}/v2/`, { headers: { Authorization: "Bearer abc.def.ghi" } });
    expect(response.status).toBe(401);
    expect(parseChallenge(response.headers.get("www-authenticate")).error).toBe("invalid_token");
  });

  it("does not take Basic credentials on the API itself (only at the token endpoint)", async () => {
    const response = await fetch(`${registry.origin}/v2/`, { headers: { Authorization: basicAuth(owner.account.email, owner.account.password) } });
    expect(response.status).toBe(401);
  });
});

describe("the token endpoint", () => {
  it("refuses anonymous requests with 401 and a Basic challenge", async () => {
    const response = await fetch(`${registry.origin}/v2/token?service=${registry.host}&scope=repository:${name}:pull`);
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toMatch(/^Basic /);
  });

  it("refuses a wrong password", async () => {
    const response = await fetch(`${registry.origin}/v2/token?service=${registry.host}`, { headers: { Authorization: basicAuth(owner.account.email, "wrong password!") } });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { errors: { code: string }[] }).errors[0]!.code).toBe("UNAUTHORIZED");
  });

  it("issues docker-shaped tokens for a personal access token too", async () => {
    const response = await fetch(`${registry.origin}/v2/token?service=${registry.host}&scope=repository:${name}:pull&account=${owner.account.email}`, {
      headers: { Authorization: basicAuth(owner.account.email, owner.account.token) },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body.token).toBe(body.access_token);
    expect(body.expires_in).toBe(300);
    expect(typeof body.issued_at).toBe("string");
    const pulled = await fetch(`${registry.origin}/v2/${name}/manifests/v1`, { headers: { Authorization: `Bearer ${body.token}` } });
    expect(pulled.status).toBe(200);
  });

  it("stops accepting a personal access token once it is revoked", async () => {
    const record = await testPrisma().accessToken.findFirstOrThrow({ where: { userId: owner.account.principal.userId, revokedAt: null } });
    await revokeAccessToken(owner.account.principal.userId, record.id);
    const response = await fetch(`${registry.origin}/v2/token?service=${registry.host}`, { headers: { Authorization: basicAuth(owner.account.email, owner.account.token) } });
    expect(response.status).toBe(401);
  });

  it("answers TOOMANYREQUESTS with Retry-After once an e-mail keeps failing", async () => {
    const victim = await createTestTenant("throttled");
    const attempt = () => fetch(`${registry.origin}/v2/token?service=${registry.host}`, { headers: { Authorization: basicAuth(victim.account.email, "not the password") } });
    const statuses: number[] = [];
    for (let index = 0; index < 7; index += 1) statuses.push((await attempt()).status);
    expect(statuses.slice(0, 6)).toEqual([401, 401, 401, 401, 401, 401]);
    const throttled = await attempt();
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(((await throttled.json()) as { errors: { code: string }[] }).errors[0]!.code).toBe("TOOMANYREQUESTS");
  });

  it("treats a control character in the e-mail as wrong credentials (401), by Basic and by the password grant, and a NUL in a tag list's last as 400", async () => {
    const basic = await fetch(`${registry.origin}/v2/token?service=${registry.host}&scope=repository:${name}:pull`, {
      headers: { Authorization: basicAuth(`${owner.account.email}\u0000`, owner.account.password) },
    });
    expect(basic.status).toBe(401);
    const form = new URLSearchParams({ grant_type: "password", username: `\u0000${owner.account.email}`, password: owner.account.password, service: registry.host });
    const grant = await fetch(`${registry.origin}/v2/token`, { method: "POST", body: form });
    expect(grant.status).toBe(401);
    const token = await fetchTenantToken(registry, owner, [name]);
    const tags = await fetch(`${registry.origin}/v2/${name}/tags/list?last=a%00b`, { headers: { Authorization: `Bearer ${token}` } });
    expect(tags.status).toBe(400);
    expect(((await tags.json()) as { errors: { message: string }[] }).errors[0]!.message).toContain("control character U+0000");
  });

  it("accepts the OAuth2 password grant by POST", async () => {
    const form = new URLSearchParams({ grant_type: "password", username: owner.account.email, password: owner.account.password, service: registry.host, scope: `repository:${name}:pull` });
    const response = await fetch(`${registry.origin}/v2/token`, { method: "POST", body: form });
    expect(response.status).toBe(200);
    const { access_token: token } = (await response.json()) as { access_token: string };
    expect((await fetch(`${registry.origin}/v2/${name}/tags/list`, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);
  });
});

describe("authorisation", () => {
  it("asks for the repository's scope when the token does not cover it", async () => {
    const token = await fetchToken(registry, owner.account.email, owner.account.password, []);
    const response = await fetch(`${registry.origin}/v2/${name}/manifests/v1`, { headers: { Authorization: `Bearer ${token}` } });
    expect(response.status).toBe(401);
    expect(parseChallenge(response.headers.get("www-authenticate"))).toMatchObject({ scope: `repository:${name}:pull`, error: "insufficient_scope" });
    const push = await fetch(`${registry.origin}/v2/${name}/blobs/uploads/`, { method: "POST" });
    expect(parseChallenge(push.headers.get("www-authenticate")).scope).toBe(`repository:${name}:pull,push`);
  });

  it("names the source repository's pull in a cross-repository mount's challenge, and the token for both mounts", async () => {
    const from = `${owner.slug}/web`;
    const target = `${owner.slug}/mounted`;
    const digest = (await pushSmallImage(registry, await fetchTenantToken(registry, owner, [from]), from)).layerDigest;
    const mountPath = `/v2/${target}/blobs/uploads/?mount=${digest}&from=${from}`;
    const anonymous = await fetch(`${registry.origin}${mountPath}`, { method: "POST" });
    expect(anonymous.status).toBe(401);
    const scope = parseChallenge(anonymous.headers.get("www-authenticate")).scope!;
    expect(scope).toBe(`repository:${target}:pull,push repository:${from}:pull`);
    // A client asks for exactly the challenged scopes, one scope parameter each.
    const query = scope.split(" ").map((item) => `scope=${encodeURIComponent(item)}`).join("&");
    const tokenResponse = await fetch(`${registry.origin}/v2/token?service=${registry.host}&${query}`, { headers: { Authorization: basicAuth(owner.account.email, owner.account.password) } });
    const { token } = (await tokenResponse.json()) as { token: string };
    const mounted = await fetch(`${registry.origin}${mountPath}`, { method: "POST", headers: { Authorization: `Bearer ${token}` } });
    expect(mounted.status).toBe(201);
    expect(mounted.headers.get("docker-content-digest")).toBe(digest);
  });

  it("denies a member of another team everything, identically for what exists and what does not", async () => {
    const targets = [`${name}`, `${owner.slug}/never-pushed`, "no-such-app/web"];
    const answers: string[] = [];
    for (const target of targets) {
      const token = await fetchTenantToken(registry, stranger, [target]);
      for (const [method, path] of [
        ["GET", `/v2/${target}/manifests/v1`],
        ["HEAD", `/v2/${target}/manifests/v1`],
        ["GET", `/v2/${target}/tags/list`],
        ["POST", `/v2/${target}/blobs/uploads/`],
        ["DELETE", `/v2/${target}/manifests/v1`],
        ["GET", `/v2/${target}/referrers/sha256:${"a".repeat(64)}`],
      ] as const) {
        const response = await fetch(`${registry.origin}${path}`, { method, headers: { Authorization: `Bearer ${token}` } });
        answers.push(await describeAnswer(method, path, response, target));
      }
    }
    const perTarget = answers.length / targets.length;
    expect(answers.slice(0, perTarget)).toEqual(answers.slice(perTarget, 2 * perTarget));
    expect(answers.slice(0, perTarget)).toEqual(answers.slice(2 * perTarget));
    expect(answers.every((answer) => / 403 /.test(answer) || / 403$/.test(answer))).toBe(true);
    expect(answers[0]).toMatch(/"code":"DENIED"/);
  });

  it("lists in the catalog only repositories of the caller's applications that hold a manifest", async () => {
    const startedOnly = `${owner.slug}/started-only`;
    const pushToken = await fetchTenantToken(registry, owner, [startedOnly]);
    expect((await fetch(`${registry.origin}/v2/${startedOnly}/blobs/uploads/`, { method: "POST", headers: { Authorization: `Bearer ${pushToken}` } })).status).toBe(202);
    const db = testPrisma();
    const app = await db.app.findUniqueOrThrow({ where: { slug: owner.slug } });
    const proxyCache = `proxy/${owner.slug}/127.0.0.1_5000/acme/app`;
    await seedManifest(db, await ensureSeedRepository(db, app.id, proxyCache), buildImageManifest({ seed: proxyCache }), { tag: "1.0" });
    const ownToken = await fetchToken(registry, owner.account.email, owner.account.password, ["registry:catalog:*"]);
    const own = (await (await fetch(`${registry.origin}/v2/_catalog`, { headers: { Authorization: `Bearer ${ownToken}` } })).json()) as { repositories: string[] };
    expect(own.repositories).toContain(name);
    expect(own.repositories).not.toContain(startedOnly);
    expect(own.repositories).not.toContain(proxyCache);
    expect(own.repositories.every((repository) => repository.startsWith(`${owner.slug}/`))).toBe(true);
    const strangerToken = await fetchToken(registry, stranger.account.email, stranger.account.password, ["registry:catalog:*"]);
    const theirs = (await (await fetch(`${registry.origin}/v2/_catalog`, { headers: { Authorization: `Bearer ${strangerToken}` } })).json()) as { repositories: string[] };
    expect(theirs.repositories).not.toContain(name);
    const anonymous = await fetch(`${registry.origin}/v2/_catalog`);
    expect(anonymous.status).toBe(401);
    expect(parseChallenge(anonymous.headers.get("www-authenticate")).scope).toBe("registry:catalog:*");
  });

  it("refuses invalid names before anything else", async () => {
    const token = await fetchTenantToken(registry, owner, [name]);
    for (const bad of [`${owner.slug}/../web`, `${owner.slug}/Web`, `${owner.slug}/we%20b`, owner.slug, `${owner.slug}//web`]) {
      const response = await fetch(`${registry.origin}/v2/${bad}/tags/list`, { headers: { Authorization: `Bearer ${token}` } });
      expect(response.status, bad).toBe(400);
      expect(((await response.json()) as { errors: { code: string }[] }).errors[0]!.code).toBe("NAME_INVALID");
    }
  });

  it("answers UNSUPPORTED for methods a route does not have", async () => {
    const token = await fetchTenantToken(registry, owner, [name]);
    const response = await fetch(`${registry.origin}/v2/${name}/tags/list`, { method: "DELETE", headers: { Authorization: `Bearer ${token}` } });
    expect(response.status).toBe(405);
    expect(((await response.json()) as { errors: { code: string }[] }).errors[0]!.code).toBe("UNSUPPORTED");
  });
});
