/**
 * Keeps secrets out of logs. Paths keep their query keys but only the values known to be
 * harmless (digests, pagination, scopes); everything else, such as presigned URLs'
 * signatures or tokens in a query, becomes `[redacted]`. Free text loses bearer tokens,
 * personal access tokens, basic credentials in URLs and presigning parameters.
 */
const SAFE_QUERY_KEYS = new Set(["digest", "n", "last", "mount", "from", "service", "scope", "tag", "q", "page", "limit", "cursor", "dryRun", "artifactType", "callbackUrl", "error", "_rsc"]);
const REDACTED = "[redacted]";

/** Paths whose last segment is a secret: invitation and password-reset links (pages and API). */
const SECRET_SEGMENT = /^(\/(?:api\/v1\/)?(?:invitations|password-resets|reset-password))\/[^/?#]+/;

/** The request path with secret path segments and every query value not known to be safe redacted. */
export function redactPath(rawUrl: string): string {
  const url = rawUrl.replace(SECRET_SEGMENT, `$1/${REDACTED}`);
  const question = url.indexOf("?");
  if (question < 0) return url;
  const params = new URLSearchParams(url.slice(question + 1));
  const parts: string[] = [];
  for (const [key, value] of params) parts.push(`${encodeURIComponent(key)}=${SAFE_QUERY_KEYS.has(key) ? encodeURIComponent(value) : REDACTED}`);
  return `${url.slice(0, question)}?${parts.join("&")}`;
}

const TEXT_PATTERNS: Array<[RegExp, string]> = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${REDACTED}`],
  [/\bslw_[A-Za-z0-9]+/g, REDACTED],
  [/([a-z][a-z0-9+.-]*:\/\/)[^/\s:@]*:[^/\s@]*@/gi, `$1${REDACTED}@`],
  [/\b(X-Amz-(?:Signature|Credential|Security-Token)|Signature|AWSAccessKeyId|token|access_token|password)=[^&\s"']+/gi, `$1=${REDACTED}`],
];

/** Free text (error messages) without credentials. */
export function redactText(text: string): string {
  let result = text;
  for (const [pattern, replacement] of TEXT_PATTERNS) result = result.replace(pattern, replacement);
  return result;
}
