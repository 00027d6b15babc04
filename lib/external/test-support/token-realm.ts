/**
 * Test support: a token realm for docker-registry's `auth: token` mode, on loopback.
 * It checks Basic credentials and issues ES256 JWTs carrying the signing certificate
 * in `x5c`; the registry verifies them against the same certificate as its root
 * bundle, so the real registry decides whether our client's token is good.
 */
import { execFile } from "node:child_process";
import { randomUUID, X509Certificate } from "node:crypto";
import { readFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import { importPKCS8, SignJWT } from "jose";

const run = promisify(execFile);

export interface TokenRealm {
  url: string;
  service: string;
  issuer: string;
  rootCertBundle: string;
  /** The query strings the realm was asked with, for assertions. */
  requests: URLSearchParams[];
  /** Every token issued, so a test can prove none leaked. */
  tokens: string[];
  stop(): Promise<void>;
}

/** Generates an EC P-256 self-signed certificate with openssl into `dir`. */
async function generateSigningCertificate(dir: string): Promise<{ keyFile: string; certFile: string }> {
  const keyFile = path.join(dir, "token-key.pem");
  const certFile = path.join(dir, "token-cert.pem");
  await run("openssl", [
    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
    "-keyout", keyFile, "-out", certFile, "-days", "2", "-subj", "/CN=slipway-test-token-signer",
  ]);
  return { keyFile, certFile };
}

function grantedAccess(scope: string | null): Array<{ type: string; name: string; actions: string[] }> {
  if (!scope) return [];
  return scope.split(" ").flatMap((entry) => {
    const [type, name, actions] = entry.split(":");
    return type === "repository" && name && actions?.split(",").includes("pull") ? [{ type, name, actions: ["pull"] }] : [];
  });
}

/** Starts the realm; tokens are issued only for `username:password` and grant pull. */
export async function startTokenRealm(dir: string, credentials: { username: string; password: string }): Promise<TokenRealm> {
  const { keyFile, certFile } = await generateSigningCertificate(dir);
  const key = await importPKCS8(await readFile(keyFile, "utf8"), "ES256");
  const certDer = new X509Certificate(await readFile(certFile)).raw.toString("base64");
  const service = "slipway-test-registry";
  const issuer = "slipway-test-issuer";
  const requests: URLSearchParams[] = [];
  const tokens: string[] = [];
  const expected = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64")}`;

  const server = http.createServer((req, res) => {
    const query = new URL(req.url ?? "/", "http://realm").searchParams;
    requests.push(query);
    if (req.headers.authorization !== expected) {
      res.writeHead(401, { "content-type": "application/json" });
      res.end(JSON.stringify({ details: "incorrect username or password" }));
      return;
    }
    const now = Math.floor(Date.now() / 1000);
    new SignJWT({ access: grantedAccess(query.get("scope")) })
      .setProtectedHeader({ alg: "ES256", typ: "JWT", x5c: [certDer] })
      .setIssuer(issuer)
      .setSubject(credentials.username)
      .setAudience(query.get("service") ?? "")
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + 300)
      .setJti(randomUUID())
      .sign(key)
      .then((token) => {
        tokens.push(token);
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ token, access_token: token, expires_in: 300 }));
      }, (error: unknown) => {
        res.writeHead(500);
        res.end(String(error));
      });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/token`,
    service,
    issuer,
    rootCertBundle: certFile,
    requests,
    tokens,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
