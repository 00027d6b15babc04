/**
 * The license file a vendor sends to a customer: a YAML document whose `spec` is signed
 * with the application's Ed25519 key. What is signed is the spec's canonical form:
 * JSON with object keys sorted by code point at every level, no insignificant white
 * space, UTF-8. Any verifier can rebuild it from the parsed YAML, so the signature
 * survives re-indentation or reordering of the YAML but not a changed value.
 *
 *     apiVersion: slipway.dev/v1
 *     kind: License
 *     spec: { appSlug, appName, customerId, customerName, channel, licenseId,
 *             licenseType, expiresAt, entitlements: { airgap }, registryHost,
 *             issuedAt, formatVersion }
 *     signature: { algorithm: Ed25519, value: <base64 of the 64-byte signature> }
 */
import { parse, stringify } from "yaml";
import { z } from "zod";

export const LICENSE_API_VERSION = "slipway.dev/v1";
export const LICENSE_KIND = "License";
export const LICENSE_FORMAT_VERSION = 1;
/** Larger bodies are not license files; refuse before parsing. */
export const MAX_LICENSE_FILE_BYTES = 64 * 1024;

const licenseSpecSchema = z.strictObject({
  formatVersion: z.literal(LICENSE_FORMAT_VERSION),
  appSlug: z.string(),
  appName: z.string(),
  customerId: z.string(),
  customerName: z.string(),
  channel: z.string(),
  licenseId: z.string(),
  licenseType: z.string(),
  expiresAt: z.string().nullable(),
  entitlements: z.strictObject({ airgap: z.boolean() }),
  registryHost: z.string(),
  issuedAt: z.string(),
});
export type LicenseSpec = z.infer<typeof licenseSpecSchema>;

const licenseFileSchema = z.object({
  apiVersion: z.literal(LICENSE_API_VERSION),
  kind: z.literal(LICENSE_KIND),
  spec: licenseSpecSchema,
  signature: z.object({ algorithm: z.literal("Ed25519"), value: z.string().regex(/^[A-Za-z0-9+/]{86}==$/, "is not a base64 Ed25519 signature") }),
});

/** JSON with sorted keys and no white space: the exact bytes that are signed. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** The license file's text for a spec and its base64 signature. */
export function renderLicenseFile(spec: LicenseSpec, signature: string): string {
  const header = [
    `# Slipway license for ${oneLine(spec.customerName)} (${oneLine(spec.appName)}).`,
    `# The signature covers spec in canonical JSON (keys sorted, no spaces); check it with the`,
    `# application's public key (GET /api/v1/apps/${spec.appSlug}/license-key) or POST this file to /api/v1/licenses/verify.`,
  ];
  const body = stringify({ apiVersion: LICENSE_API_VERSION, kind: LICENSE_KIND, spec, signature: { algorithm: "Ed25519", value: signature } }, { lineWidth: 0 });
  return `${header.join("\n")}\n${body}`;
}

export type ParsedLicenseFile = { ok: true; spec: LicenseSpec; signature: string } | { ok: false; message: string };

/** Reads a license file; never throws on user input. */
export function parseLicenseFile(text: string): ParsedLicenseFile {
  if (Buffer.byteLength(text, "utf8") > MAX_LICENSE_FILE_BYTES) return { ok: false, message: `a license file is at most ${MAX_LICENSE_FILE_BYTES} bytes` };
  let document: unknown;
  try {
    document = parse(text, { maxAliasCount: 0, uniqueKeys: true });
  } catch (error) {
    return { ok: false, message: `the file is not valid YAML (${error instanceof Error ? error.message.split("\n")[0] : "parse error"})` };
  }
  const result = licenseFileSchema.safeParse(document);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    return { ok: false, message: `${issue.path.join(".") || "the file"}: ${issue.message}; this is not a Slipway license file` };
  }
  return { ok: true, spec: result.data.spec, signature: result.data.signature.value };
}

function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, " ");
}
