/** Contracts of an application's storage and online garbage collection (lib/registry/gc). */
import { z } from "zod";
import { gcPolicySchema, runGcSchema, type AppStorageView } from "@/lib/registry/gc/app-gc";
import type { GcResult } from "@/lib/registry/gc/collect-garbage";
import { defineRoute, describing } from "./contract";

const policySchema = z.object({ pruneUntagged: z.boolean() });

const gcResultSchema = describing<GcResult>()(
  z
    .object({
      blobsDeleted: z.number().int().meta({ description: "Blobs removed from the store (or, in a dry run, that would be)" }),
      bytesDeleted: z.number().int().meta({ description: "Their bytes" }),
      manifestsDeleted: z.number().int().meta({ description: "Untagged manifests pruned by the app's policy" }),
      linksDeleted: z.number().int().meta({ description: "Repository links removed (a blob another application still uses stays stored)" }),
      dryRun: z.boolean(),
      bytesBefore: z.number().int().meta({ description: "The app's stored bytes before the run" }),
      bytesAfter: z.number().int().meta({ description: "After the run (equal to bytesBefore in a dry run)" }),
    })
    .meta({ id: "GcResult" }),
);

export const appStorageSchema = describing<AppStorageView>()(
  z.object({
    storedBytes: z.number().int(),
    storage: z.string().meta({ description: "The blob store in use: `filesystem` or `s3`" }),
    graceSeconds: z.number().int(),
    policy: policySchema,
    runs: z.array(
      z
        .object({
          id: z.uuid(),
          dryRun: z.boolean(),
          trigger: z.string().meta({ description: "`api` or `schedule`" }),
          blobsDeleted: z.number().int(),
          bytesDeleted: z.number().int(),
          manifestsDeleted: z.number().int(),
          bytesBefore: z.number().int(),
          bytesAfter: z.number().int(),
          startedAt: z.iso.datetime(),
          finishedAt: z.iso.datetime(),
        })
        .meta({ id: "GcRun" }),
    ),
  }),
);

export const STORAGE_ROUTES = {
  get: defineRoute({
    method: "get",
    path: "/apps/{slug}/gc",
    summary: "The application's stored bytes and garbage collection",
    description: "Bytes of the distinct blobs the application's repositories (and its proxy cache) hold, the blob store in use, REGISTRY_GC_GRACE, the policy and the ten most recent runs.",
    response: { schema: appStorageSchema },
    errors: ["not_found"],
  }),
  run: defineRoute({
    method: "post",
    path: "/apps/{slug}/gc",
    summary: "Collect the application's garbage now",
    description:
      "Deletes blobs no manifest of the repository references once unreferenced for REGISTRY_GC_GRACE (default 24h), and with the policy on, untagged manifests; safe while pushes go on. With `dryRun` nothing is deleted and the answer says what would be. A dry run needs the developer role; a real run an admin's.",
    body: runGcSchema,
    response: { description: "What was (or would be) deleted", schema: z.object({ gc: gcResultSchema }) },
    errors: ["not_found"],
  }),
  setPolicy: defineRoute({
    method: "put",
    path: "/apps/{slug}/gc/policy",
    summary: "Set the garbage-collection policy",
    description: "`pruneUntagged`: collections also delete untagged manifests (no tag, no index listing them, no subject present; never the proxy cache's) past the grace period. Off by default.",
    body: gcPolicySchema,
    response: { schema: z.object({ policy: policySchema }) },
    errors: ["not_found"],
  }),
};
