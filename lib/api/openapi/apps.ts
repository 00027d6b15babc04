/** Contracts of the application routes: list, create and get one. */
import { z } from "zod";
import { createAppSchema } from "@/lib/apps/apps";
import { defineRoute } from "./contract";

export const appSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    slug: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/).min(2).max(40),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: "App" });

export const APP_ROUTES = {
  list: defineRoute({
    method: "get",
    path: "/apps",
    summary: "List the team's applications",
    response: { schema: z.object({ apps: z.array(appSchema) }) },
  }),
  create: defineRoute({
    method: "post",
    path: "/apps",
    summary: "Create an application",
    description: "The slug is derived from the name unless given. It is unique across the installation, never changes, and may not be v2, proxy, token, api, static or _next.",
    body: createAppSchema,
    response: { status: 201, schema: z.object({ app: appSchema }) },
    errors: ["conflict"],
  }),
  get: defineRoute({
    method: "get",
    path: "/apps/{slug}",
    summary: "Get one application",
    response: { schema: z.object({ app: appSchema }) },
    errors: ["not_found"],
  }),
};
