/**
 * Two registry instances on one database, each with its own change feed (LISTEN/NOTIFY):
 * a manifest look-up and a token's membership re-check are reused between requests, and
 * a change made through the other instance, or straight in the database, is seen once
 * PostgreSQL delivers its notification. A change hidden from the triggers (session
 * replication role) shows that the answers really are reused; a feed that is not live
 * reuses nothing.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openRegistryChangeFeed, type RegistryChangeFeed } from "@/lib/registry/db/change-feed";
import { createTestTenant, fetchTenantToken, pushBlob, pushManifest, pushSmallImage, startTestRegistry, type TestRegistry, type TestTenant } from "@/lib/registry/http/test-registry";
import { testDatabaseUrl, testPrisma } from "@/lib/test/database";

const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
/** One registry host for all instances, as behind one load balancer: a token from one is good at the others. */
const SERVICE = "registry.feed.test";

let feeds: RegistryChangeFeed[];
let first: TestRegistry;
let second: TestRegistry;
let tenant: TestTenant;
let name: string;
let token: string;

beforeAll(async () => {
  feeds = [await openRegistryChangeFeed(testDatabaseUrl()), await openRegistryChangeFeed(testDatabaseUrl())];
  const tokenSecret = randomBytes(32);
  first = await startTestRegistry({ tokenSecret, registryHost: SERVICE, changeFeed: feeds[0] });
  second = await startTestRegistry({ tokenSecret, registryHost: SERVICE, changeFeed: feeds[1] });
  tenant = await createTestTenant("feed");
  name = `${tenant.slug}/app`;
  token = await fetchTenantToken(first, tenant, [name]);
});

afterAll(async () => {
  expect([...first.loggedErrors, ...second.loggedErrors]).toEqual([]);
  await Promise.all([first.close(), second.close(), ...feeds.map((feed) => feed.close())]);
});

async function headDigest(registry: TestRegistry, reference: string, bearer = token): Promise<string | number> {
  const response = await fetch(`${registry.origin}/v2/${name}/manifests/${reference}`, { method: "HEAD", headers: { Authorization: `Bearer ${bearer}`, Accept: OCI_MANIFEST } });
  return response.status === 200 ? response.headers.get("docker-content-digest")! : response.status;
}

/** Asks until `read` gives `expected` (a notification is delivered a moment after its commit); bounded. */
async function eventually<T>(read: () => Promise<T>, expected: T): Promise<T> {
  let value = await read();
  for (let attempt = 0; attempt < 100 && value !== expected; attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    value = await read();
  }
  return value;
}

/** Runs SQL with the triggers off for this session (replica role), so no notification is sent. */
async function withoutNotification(sql: (tx: ReturnType<typeof testPrisma>) => Promise<unknown>): Promise<void> {
  await testPrisma().$transaction(async (tx) => {
    await tx.$executeRawUnsafe("SET LOCAL session_replication_role = replica");
    await sql(tx as unknown as ReturnType<typeof testPrisma>);
  });
}

async function pushTagged(tag: string): Promise<string> {
  const image = await pushSmallImage(first, token, name);
  return pushManifest(first, token, name, tag, image.manifest);
}

describe("registry answers kept between requests, across two instances", () => {
  it("are live once opened", () => {
    expect(feeds.every((feed) => feed.isLive())).toBe(true);
  });

  it("serves a tag moved on the other instance with the new manifest", async () => {
    const before = await pushTagged("moving");
    expect(await headDigest(second, "moving")).toBe(before);
    expect(await headDigest(second, "moving")).toBe(before);
    const after = await pushTagged("moving");
    expect(after).not.toBe(before);
    expect(await eventually(() => headDigest(second, "moving"), after)).toBe(after);
    // The instance that moved it sees it at once (it announces its own changes).
    expect(await headDigest(first, "moving")).toBe(after);
  });

  it("reuses the answer until a notification says otherwise", async () => {
    const kept = await pushTagged("quiet");
    const other = await pushTagged("other");
    expect(await headDigest(second, "quiet")).toBe(kept);
    // Re-point the tag with the triggers off: nothing is announced, so the kept answer stays.
    await withoutNotification((tx) => tx.$executeRaw`UPDATE "Tag" SET "manifestId" = (SELECT "manifestId" FROM "Tag" t WHERE t.name = 'other' AND t."repositoryId" = "Tag"."repositoryId") WHERE name = 'quiet' AND "repositoryId" = (SELECT id FROM "Repository" WHERE name = ${name})`);
    expect(await headDigest(second, "quiet")).toBe(kept);
    // Any announced change to tags lets it go.
    await testPrisma().$executeRaw`UPDATE "Tag" SET "updatedAt" = now() WHERE name = 'other' AND "repositoryId" = (SELECT id FROM "Repository" WHERE name = ${name})`;
    expect(await eventually(() => headDigest(second, "quiet"), other)).toBe(other);
  });

  it("answers MANIFEST_UNKNOWN once the tag is deleted in the database, and never keeps an unknown one", async () => {
    const digest = await pushTagged("doomed");
    expect(await headDigest(second, "doomed")).toBe(digest);
    await testPrisma().tag.deleteMany({ where: { name: "doomed", repository: { name } } });
    expect(await eventually(() => headDigest(second, "doomed"), 404)).toBe(404);
    const again = await pushTagged("doomed");
    expect(await eventually(() => headDigest(second, "doomed"), again)).toBe(again);
  });

  it("stops honouring a password token on the other instance once its holder leaves the team", async () => {
    const digest = await pushTagged("members");
    const member = await createTestTenant("feed-member");
    const memberName = `${member.slug}/app`;
    const memberToken = await fetchTenantToken(first, member, [memberName]);
    const image = await pushSmallImage(first, memberToken, memberName);
    const memberDigest = await pushManifest(first, memberToken, memberName, "v1", image.manifest);
    const head = () => fetch(`${second.origin}/v2/${memberName}/manifests/v1`, { method: "HEAD", headers: { Authorization: `Bearer ${memberToken}`, Accept: OCI_MANIFEST } }).then((response) => response.status);
    expect(await head()).toBe(200);
    expect(await head()).toBe(200);
    await testPrisma().membership.deleteMany({ where: { userId: member.account.principal.userId } });
    expect(await eventually(head, 401)).toBe(401);
    expect(memberDigest).toMatch(/^sha256:/);
    expect(await headDigest(second, "members")).toBe(digest);
  });

  it("reuse what a role grants at the token endpoint until a change to memberships is heard", async () => {
    const member = await createTestTenant("feed-grant");
    const memberName = `${member.slug}/app`;
    const grantedOnSecond = async () => {
      const issued = await fetchTenantToken(second, member, [memberName]);
      const claims = JSON.parse(Buffer.from(issued.split(".")[1]!, "base64url").toString("utf8")) as { access: { name: string; actions: string[] }[] };
      return claims.access.find((entry) => entry.name === memberName)!.actions.join(",");
    };
    expect(await grantedOnSecond()).toBe("pull,push,delete");
    // Lowered to viewer with the triggers off: nothing is announced, so the kept answer stays.
    const membership = { userId: member.account.principal.userId, teamId: member.account.principal.teamId };
    await withoutNotification((tx) => tx.membership.updateMany({ where: membership, data: { role: "viewer" } }));
    expect(await grantedOnSecond()).toBe("pull,push,delete");
    // An announced change to memberships lets it go: the next token holds what a viewer may do.
    await testPrisma().membership.updateMany({ where: membership, data: { role: "viewer" } });
    expect(await eventually(grantedOnSecond, "pull")).toBe("pull");
    // And the token issued before it, on its next request, is refused rather than trusted.
    const before = await fetchTenantToken(first, member, [memberName]);
    const upload = await fetch(`${second.origin}/v2/${memberName}/blobs/uploads/`, { method: "POST", headers: { Authorization: `Bearer ${before}` } });
    expect(upload.status).toBe(403);
  });
});

describe("upload quotas with a change feed", () => {
  it("enforce a team quota set after uploads were admitted without one, on the other instance", async () => {
    const noLimits = { teamStorageQuota: 0, maxBlobSize: 0, minFreeSpace: 0, maxUploadSessionsPerUser: 1000, maxUploadSessionsPerApp: 1000 };
    second.options.uploadLimits = { settings: noLimits, freeSpacePaths: [] };
    try {
      const quota = await createTestTenant("feed-quota");
      const quotaName = `${quota.slug}/app`;
      const quotaToken = await fetchTenantToken(second, quota, [quotaName]);
      // Admitted without a quota: the team's "no quota of its own" is kept...
      await pushBlob(second, quotaToken, quotaName, randomBytes(4096));
      await pushBlob(second, quotaToken, quotaName, randomBytes(4096));
      // ...until the quota set (as the settings page does) is heard of: then the upload is refused.
      await testPrisma().team.update({ where: { id: quota.account.principal.teamId }, data: { storageQuota: BigInt(1024) } });
      const upload = () =>
        pushBlob(second, quotaToken, quotaName, randomBytes(4096)).then(
          () => "stored",
          (error: Error) => (/DENIED/.test(error.message) ? "denied" : error.message),
        );
      expect(await eventually(upload, "denied")).toBe("denied");
    } finally {
      second.options.uploadLimits = undefined;
    }
  });
});

describe("a feed that is not live", () => {
  it("reuses nothing: a change hidden from the triggers is seen at once", async () => {
    const feed = await openRegistryChangeFeed(testDatabaseUrl());
    const registry = await startTestRegistry({ tokenSecret: first.options.tokenSecret, registryHost: SERVICE, changeFeed: feed });
    try {
      const kept = await pushTagged("unwatched");
      const other = await pushTagged("unwatched-other");
      expect(await headDigest(registry, "unwatched")).toBe(kept);
      await feed.close();
      expect(feed.isLive()).toBe(false);
      await withoutNotification((tx) => tx.$executeRaw`UPDATE "Tag" SET "manifestId" = (SELECT "manifestId" FROM "Tag" t WHERE t.name = 'unwatched-other' AND t."repositoryId" = "Tag"."repositoryId") WHERE name = 'unwatched' AND "repositoryId" = (SELECT id FROM "Repository" WHERE name = ${name})`);
      expect(await headDigest(registry, "unwatched")).toBe(other);
    } finally {
      await registry.close();
    }
  });
});
