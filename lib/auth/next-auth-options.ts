/**
 * next-auth configuration: e-mail + password credentials (plus a TOTP or recovery code
 * when two-factor is on), JWT sessions carrying the person's session version (`sv`).
 */
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { loadServerSecrets } from "@/lib/config/secrets";
import { CLIENT_ADDRESS_HEADER } from "@/lib/api/client-address";
import { describeError, getLogger } from "@/lib/observability/logger";
import { isAppError } from "@/lib/errors";
import { findControlCharacter } from "@/lib/text/control-characters";
import { isUuid } from "@/lib/teams/memberships";
import { endSession } from "./account";
import { verifyPasswordSignIn } from "./credentials";
import { checkSecondFactor, SECOND_FACTOR_REQUIRED } from "./totp";
import { resolveSameOriginUrl } from "./safe-redirect";
import { recordSignIn } from "./sign-in-audit";

export const WRONG_CREDENTIALS_MESSAGE = "Wrong e-mail or password.";

export interface SignInAttempt {
  email: string;
  password: string;
  code: string;
  clientAddress: string;
}

/** What the form shows when sign-in fails for a reason of ours (the database down, a bug): never the internal text. */
export const SIGN_IN_UNAVAILABLE_MESSAGE = "We could not sign you in right now. Try again in a moment.";

/** A refusal whose message is meant for the form. */
class SignInRefusal extends Error {}

/** The next-auth user for a sign-in attempt; throws with the message the form shows. */
export async function authorizeSignIn(attempt: SignInAttempt) {
  if (!attempt.email || !attempt.password) throw new Error("Enter your e-mail and password.");
  // No account's e-mail or password holds a control character (and NUL would fail the look-up).
  if (findControlCharacter(attempt.email + attempt.password) !== null) throw new Error(WRONG_CREDENTIALS_MESSAGE);
  try {
    return await checkSignIn(attempt);
  } catch (error) {
    // next-auth passes the message to the form; only our own messages may go there.
    if (error instanceof SignInRefusal) throw new Error(error.message);
    if (isAppError(error) && error.code !== "internal") throw new Error(error.message);
    getLogger("auth").error({ err: describeError(error) }, "sign-in failed on our side");
    throw new Error(SIGN_IN_UNAVAILABLE_MESSAGE);
  }
}

async function checkSignIn(attempt: SignInAttempt) {
  const user = await verifyPasswordSignIn(attempt.email, attempt.password, attempt.clientAddress);
  if (!user) {
    await recordSignIn({ email: attempt.email, clientAddress: attempt.clientAddress, outcome: "failure", reason: "wrong password" });
    throw new SignInRefusal(WRONG_CREDENTIALS_MESSAGE);
  }
  const factor = await checkSecondFactor(user, attempt.code);
  if (factor !== "ok") {
    if (factor === "wrong") await recordSignIn({ email: user.email, userId: user.id, clientAddress: attempt.clientAddress, outcome: "failure", reason: "wrong two-factor code" });
    throw new SignInRefusal(factor === "missing" ? SECOND_FACTOR_REQUIRED : "Wrong two-factor code.");
  }
  await recordSignIn({ email: user.email, userId: user.id, clientAddress: attempt.clientAddress, outcome: "success" });
  return { id: user.id, email: user.email, name: user.name, sv: user.sessionVersion };
}

// The server (scripts/start.ts) sets this header from the socket; clients cannot forge it.
function readClientAddress(headers: Record<string, unknown> | undefined): string {
  const address = headers?.[CLIENT_ADDRESS_HEADER];
  return typeof address === "string" && address ? address : "unknown";
}

/** Built on first use, so importing route modules at build time needs no secrets. */
export function getAuthOptions(): NextAuthOptions {
  return {
    secret: loadServerSecrets().nextAuthSecret,
    session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
    pages: { signIn: "/sign-in" },
    callbacks: {
      // Sign-in and sign-out may only send the browser to a page of the portal itself.
      redirect({ url, baseUrl }) {
        return resolveSameOriginUrl(url, baseUrl);
      },
      // The session version is copied into the JWT at sign-in; session-token.ts compares it on every request.
      async jwt({ token, user }) {
        const version = (user as { sv?: unknown } | undefined)?.sv;
        if (typeof version === "number") token.sv = version;
        return token;
      },
    },
    events: {
      // Signing out ends the session on the server too (session-token.ts compares versions).
      async signOut({ token }) {
        if (token?.sub && isUuid(token.sub) && typeof token.sv === "number") await endSession(token.sub, token.sv);
      },
    },
    providers: [
      CredentialsProvider({
        name: "E-mail and password",
        credentials: {
          email: { label: "E-mail", type: "email" },
          password: { label: "Password", type: "password" },
          code: { label: "Two-factor code", type: "text" },
        },
        async authorize(credentials, request) {
          return authorizeSignIn({
            email: credentials?.email ?? "",
            password: credentials?.password ?? "",
            code: credentials?.code ?? "",
            clientAddress: readClientAddress(request?.headers as Record<string, unknown> | undefined),
          });
        },
      }),
    ],
  };
}
