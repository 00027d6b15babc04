// GET/POST /api/auth/*: next-auth's sign-in, sign-out, session and CSRF endpoints.
import NextAuth from "next-auth";
import { assertNotForged } from "@/lib/api/csrf";
import { errorResponse } from "@/lib/api/error-response";
import { getAuthOptions } from "@/lib/auth/next-auth-options";

export const dynamic = "force-dynamic";

type NextAuthRoute = (request: Request, context: { params: Promise<{ nextauth: string[] }> }) => Promise<Response>;

const handle: NextAuthRoute = async (request, context) => {
  // next-auth's own CSRF token is a cookie that another port of the same host can set
  // (cookies ignore ports), so its POSTs must also come from the portal's own origin.
  try {
    assertNotForged(request);
  } catch (error) {
    return errorResponse(error);
  }
  const handler = NextAuth(getAuthOptions()) as unknown as (r: Request, c: { params: { nextauth: string[] } }) => Promise<Response>;
  return handler(request, { params: await context.params });
};

export { handle as GET, handle as POST };
