/** next-auth configuration: e-mail + password credentials, JWT sessions. */
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { loadServerSecrets } from "@/lib/config/secrets";
import { isAppError } from "@/lib/errors";
import { verifyCredentials } from "./credentials";

export const WRONG_CREDENTIALS_MESSAGE = "Wrong e-mail or password.";

/** Built on first use, so importing route modules at build time needs no secrets. */
export function getAuthOptions(): NextAuthOptions {
  return {
    secret: loadServerSecrets().nextAuthSecret,
    session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
    pages: { signIn: "/sign-in" },
    providers: [
      CredentialsProvider({
        name: "E-mail and password",
        credentials: { email: { label: "E-mail", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials) {
          const email = credentials?.email ?? "";
          const password = credentials?.password ?? "";
          if (!email || !password) throw new Error("Enter your e-mail and password.");
          try {
            const principal = await verifyCredentials(email, password, { allowToken: false });
            if (!principal) throw new Error(WRONG_CREDENTIALS_MESSAGE);
            return { id: principal.userId, email: principal.email, name: principal.name };
          } catch (error) {
            // next-auth passes the message to the form; only our own messages may go there.
            if (isAppError(error)) throw new Error(error.message);
            throw error;
          }
        },
      }),
    ],
  };
}
