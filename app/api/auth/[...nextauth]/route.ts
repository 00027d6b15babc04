// GET/POST /api/auth/*: next-auth's sign-in, sign-out, session and CSRF endpoints.
import NextAuth from "next-auth";
import { getAuthOptions } from "@/lib/auth/next-auth-options";

export const dynamic = "force-dynamic";

type NextAuthRoute = (request: Request, context: { params: Promise<{ nextauth: string[] }> }) => Promise<Response>;

const handle: NextAuthRoute = async (request, context) => {
  const handler = NextAuth(getAuthOptions()) as unknown as (r: Request, c: { params: { nextauth: string[] } }) => Promise<Response>;
  return handler(request, { params: await context.params });
};

export { handle as GET, handle as POST };
