/**
 * The database holds no plaintext secret. The real service stores registries in a
 * PostgreSQL 15 cluster (Debian's, so Debian's pg_dump 15 can dump it; the embedded
 * server the other tests use is newer than any pg_dump installed here), then the raw
 * rows and the whole `pg_dump` are searched for the passwords in every encoding an
 * HTTP client would put them in. If the PostgreSQL 15 binaries are missing, this fails
 * and says what to install.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient, type PrismaClient } from "@/lib/db/client";
import { applyMigrations } from "@/lib/db/migrate";
import { registryInputSchema, registryUpdateSchema } from "@/lib/external/registry-input";
import { createRegistry } from "./create-registry";
import { getRegistryCredentialsForServerUse } from "./get-registry-credentials-for-server-use";
import { startDebianPostgres15, type DebianPostgres } from "./test-support/debian-postgres";
import { updateRegistry } from "./update-registry";

const FIRST_PASSWORD = `first-secret-${randomBytes(12).toString("hex")}`;
const ROTATED_PASSWORD = `rotated-secret-${randomBytes(12).toString("hex")}`;
const HUB_TOKEN = `dckr_pat_${randomBytes(16).toString("base64url")}`;
const USERNAME = "acme+robot";

let cluster: DebianPostgres | undefined;
let db: PrismaClient | undefined;
let teamId = "";
const secretsKey = randomBytes(32);

/** Every form a secret could take in storage: as typed, Basic-auth encoded, base64, hex, URL-encoded. */
function encodingsOf(secret: string): string[] {
  return [
    secret,
    Buffer.from(secret).toString("base64"),
    Buffer.from(secret).toString("base64url"),
    Buffer.from(`${USERNAME}:${secret}`).toString("base64"),
    Buffer.from(secret).toString("hex"),
    encodeURIComponent(secret),
  ];
}

beforeAll(async () => {
  cluster = await startDebianPostgres15();
  await applyMigrations(cluster.url);
  db = createPrismaClient(cluster.url);
  teamId = (await db.team.create({ data: { name: "Secrecy" } })).id;
  const options = { db, secretsKey };
  await createRegistry({ teamId }, registryInputSchema.parse({ name: "quay", endpoint: "quay.io/acme", username: USERNAME, password: FIRST_PASSWORD }), options);
  await updateRegistry({ teamId }, "quay", registryUpdateSchema.parse({ password: ROTATED_PASSWORD }), options);
  await createRegistry({ teamId }, registryInputSchema.parse({ name: "hub", endpoint: "docker.io/acme", username: USERNAME, password: HUB_TOKEN }), options);
});

afterAll(async () => {
  await db?.$disconnect();
  await cluster?.stop();
});

describe("secrets at rest", () => {
  it("are sealed in the stored rows and still open with the server's key", async () => {
    const rows = await db!.$queryRaw<Array<Record<string, unknown>>>`SELECT * FROM "ExternalRegistry" ORDER BY "name"`;
    expect(rows.map((row) => row.name)).toEqual(["hub", "quay"]);
    const text = JSON.stringify(rows);
    for (const secret of [FIRST_PASSWORD, ROTATED_PASSWORD, HUB_TOKEN]) {
      for (const form of encodingsOf(secret)) expect(text).not.toContain(form);
    }
    for (const row of rows) expect(row.secretEncrypted).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    // The ciphertext really holds the secrets: the rotated one replaced the first.
    expect((await getRegistryCredentialsForServerUse(teamId, "quay", { db, secretsKey })).password).toBe(ROTATED_PASSWORD);
    expect((await getRegistryCredentialsForServerUse(teamId, "hub", { db, secretsKey })).password).toBe(HUB_TOKEN);
    // Only the owning team's id opens them.
    const otherTeam = await db!.team.create({ data: { name: "Other" } });
    await expect(getRegistryCredentialsForServerUse(otherTeam.id, "quay", { db, secretsKey })).rejects.toMatchObject({ code: "not_found" });
  });

  it("are nowhere in a pg_dump of the whole database", async () => {
    const dump = await cluster!.dump();
    // The dump does hold the registries (so the search below means something)...
    expect(dump).toMatch(/COPY public\."ExternalRegistry"/);
    expect(dump).toContain("quay.io/acme");
    expect(dump).toContain("index.docker.io/acme");
    const sealed = await db!.externalRegistry.findMany({ select: { secretEncrypted: true } });
    for (const { secretEncrypted } of sealed) expect(dump).toContain(secretEncrypted);
    // ...and none of the secrets, in any encoding.
    for (const secret of [FIRST_PASSWORD, ROTATED_PASSWORD, HUB_TOKEN]) {
      for (const form of encodingsOf(secret)) expect(dump).not.toContain(form);
    }
  });

  it("do not open when copied onto another registry's row", async () => {
    const quay = await db!.externalRegistry.findFirstOrThrow({ where: { teamId, name: "quay" } });
    await db!.externalRegistry.updateMany({ where: { teamId, name: "hub" }, data: { secretEncrypted: quay.secretEncrypted } });
    await expect(getRegistryCredentialsForServerUse(teamId, "hub", { db, secretsKey })).rejects.toThrow(/registry "hub" cannot be decrypted/);
  });
});
