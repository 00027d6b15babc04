/** The contract of the route that serves the API's own description. */
import { z } from "zod";
import { defineRoute } from "./contract";

export const META_ROUTES = {
  openapi: defineRoute({
    method: "get",
    path: "/openapi.json",
    summary: "This OpenAPI 3.1 document",
    description: "Generated from the zod schemas that validate each route; no sign-in.",
    auth: "none",
    response: { schema: z.record(z.string(), z.unknown()).meta({ description: "An OpenAPI 3.1 document" }) },
  }),
};
