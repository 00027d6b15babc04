/**
 * Every /v2/ route, as data (after distribution's registry/api/v2/descriptors.go).
 *
 * Route                                        Success                                   Errors
 * -------------------------------------------  ----------------------------------------  ---------------------------------------------
 * GET|HEAD /v2/                                200 {}                                    401 UNAUTHORIZED
 * GET|POST /v2/token?service=&scope=&account=  200 {token, access_token, expires_in,     401 UNAUTHORIZED (no or wrong credentials),
 *                                                   issued_at}                               429 TOOMANYREQUESTS
 * GET  /v2/_catalog?n=&last=                   200 {repositories} (+ Link)               401 UNAUTHORIZED
 * GET  /v2/<name>/tags/list?n=&last=           200 {name, tags} (+ Link)                 404 NAME_UNKNOWN
 * GET|HEAD /v2/<name>/manifests/<reference>    200 body, Content-Type,                   404 MANIFEST_UNKNOWN (also when Accept
 *                                                   Docker-Content-Digest                     excludes its type), 400 DIGEST_INVALID
 * PUT  /v2/<name>/manifests/<reference>        201 Location, Docker-Content-Digest,      400 MANIFEST_INVALID, MANIFEST_BLOB_UNKNOWN,
 *                                                   OCI-Subject (when it has a subject)       DIGEST_INVALID; 413 MANIFEST_INVALID (> 4 MiB)
 * DELETE /v2/<name>/manifests/<reference>      202 (a tag: the tag; a digest: the        404 MANIFEST_UNKNOWN
 *                                                   manifest and its tags)
 * GET|HEAD /v2/<name>/blobs/<digest>           200 | 206 (Range) stream, Content-Length,  404 BLOB_UNKNOWN, 400 DIGEST_INVALID,
 *                                                   Docker-Content-Digest, Accept-Ranges      416 (unsatisfiable Range)
 * DELETE /v2/<name>/blobs/<digest>             202                                       404 BLOB_UNKNOWN, 400 DIGEST_INVALID
 * POST /v2/<name>/blobs/uploads/               202 Location, Range, Docker-Upload-UUID;  400 DIGEST_INVALID, SIZE_INVALID
 *   ?digest=<d> (single-request monolithic)    201 Location, Docker-Content-Digest
 *   ?mount=<d>&from=<repo> (same application)  201 on mount; 202 session otherwise
 * GET  /v2/<name>/blobs/uploads/<uuid>         204 Location, Range                       404 BLOB_UPLOAD_UNKNOWN
 * PATCH /v2/<name>/blobs/uploads/<uuid>        202 Location, Range                       416 out of order (Location, Range),
 *                                                                                            404 BLOB_UPLOAD_UNKNOWN, 400 BLOB_UPLOAD_INVALID
 * PUT  /v2/<name>/blobs/uploads/<uuid>?digest= 201 Location, Docker-Content-Digest       400 DIGEST_INVALID, SIZE_INVALID,
 *                                                                                            BLOB_UPLOAD_INVALID; 404 BLOB_UPLOAD_UNKNOWN; 416
 * DELETE /v2/<name>/blobs/uploads/<uuid>       204                                       404 BLOB_UPLOAD_UNKNOWN
 * GET  /v2/<name>/referrers/<digest>           200 OCI index (+ OCI-Filters-Applied      400 DIGEST_INVALID
 *   ?artifactType=<type>                            when filtered)
 *
 * Under /v2/proxy/<slug>/<upstream host>/<path>/ (the pull-through proxy, lib/registry/proxy/):
 * GET|HEAD manifests and blobs and GET tags/list answer like the routes above, from the
 * cache or the upstream; 404 NAME_UNKNOWN for an image no release available to the caller
 * declares (nothing goes upstream), 502 UNKNOWN / 504 / 429 TOOMANYREQUESTS when the
 * upstream fails and nothing is cached. Every other method and route there is 405 UNSUPPORTED.
 *
 * Every repository route may also answer 400 NAME_INVALID (name grammar, `..`, no image
 * path), 401 UNAUTHORIZED with a Bearer challenge (no or invalid token), 403 DENIED (a
 * token for the repository without the needed action) and 405 UNSUPPORTED (other methods).
 * Authorisation depends only on the token, never on what exists, so nothing leaks.
 * A license's token (a customer's, pull only) gets 403 DENIED "licenses are read-only"
 * for every push, delete and the catalog, and 401 UNAUTHORIZED "license revoked" or
 * "license expired on <date>" once its license stops working.
 */
import type { RegistryAction } from "@/lib/registry/token/scopes";

export type HttpMethod = "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE";
export type RouteName = "base" | "token" | "catalog" | "tags" | "manifest" | "blob" | "uploads" | "upload" | "referrers";
/** What a method on a route needs: an action on the route's repository, any valid token, or nothing. */
export type RouteAccess = RegistryAction | "authenticated" | "public";

export interface RouteSpec {
  name: RouteName;
  pattern: RegExp;
  params: readonly ("name" | "reference" | "digest" | "uploadId")[];
  methods: Partial<Record<HttpMethod, RouteAccess>>;
}

/** Order matters: upload routes before the blob route, whose name part would swallow "blobs/uploads". */
export const ROUTES: readonly RouteSpec[] = [
  { name: "base", pattern: /^\/v2\/?$/, params: [], methods: { GET: "authenticated", HEAD: "authenticated" } },
  { name: "token", pattern: /^\/v2\/token\/?$/, params: [], methods: { GET: "public", POST: "public" } },
  { name: "catalog", pattern: /^\/v2\/_catalog\/?$/, params: [], methods: { GET: "authenticated" } },
  { name: "tags", pattern: /^\/v2\/(.+)\/tags\/list\/?$/, params: ["name"], methods: { GET: "pull" } },
  {
    name: "manifest",
    pattern: /^\/v2\/(.+)\/manifests\/([^/]+)$/,
    params: ["name", "reference"],
    methods: { GET: "pull", HEAD: "pull", PUT: "push", DELETE: "delete" },
  },
  { name: "uploads", pattern: /^\/v2\/(.+)\/blobs\/uploads\/?$/, params: ["name"], methods: { POST: "push" } },
  {
    name: "upload",
    pattern: /^\/v2\/(.+)\/blobs\/uploads\/([^/]+)$/,
    params: ["name", "uploadId"],
    methods: { GET: "push", PATCH: "push", PUT: "push", DELETE: "push" },
  },
  { name: "blob", pattern: /^\/v2\/(.+)\/blobs\/([^/]+)$/, params: ["name", "digest"], methods: { GET: "pull", HEAD: "pull", DELETE: "delete" } },
  { name: "referrers", pattern: /^\/v2\/(.+)\/referrers\/([^/]+)$/, params: ["name", "digest"], methods: { GET: "pull" } },
];

export interface RouteMatch {
  route: RouteSpec;
  name?: string;
  reference?: string;
  digest?: string;
  uploadId?: string;
}

/** Finds the route for a request path (without query); null for paths outside the API or with broken escapes. */
export function matchRoute(pathname: string): RouteMatch | null {
  for (const route of ROUTES) {
    const found = route.pattern.exec(pathname);
    if (!found) continue;
    const match: RouteMatch = { route };
    try {
      route.params.forEach((param, index) => {
        match[param] = decodeURIComponent(found[index + 1]!);
      });
    } catch {
      return null;
    }
    return match;
  }
  return null;
}

/** The access a method needs on a route, or null when the route does not support the method. */
export function resolveRouteAccess(route: RouteSpec, method: string): RouteAccess | null {
  return route.methods[method as HttpMethod] ?? null;
}
