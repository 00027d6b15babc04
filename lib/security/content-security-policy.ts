/**
 * The portal's Content-Security-Policy. Scripts run only from our origin or with this
 * response's nonce (Next.js puts it on its own inline bootstrap scripts and
 * `strict-dynamic` lets those load the rest), so an injected `<script>` does not run.
 * Styles allow inline: React style attributes and CodeMirror's injected theme need it,
 * and a style cannot run code. Nothing may frame the portal, and forms post only to it.
 */
export function buildContentSecurityPolicy(nonce: string, options: { isDev: boolean }): string {
  const scripts = ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(options.isDev ? ["'unsafe-eval'"] : [])];
  return [
    "default-src 'self'",
    `script-src ${scripts.join(" ")}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${options.isDev ? " ws:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** A fresh nonce: 128 random bits, base64. */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
