/**
 * License files (signed with the app's key), their verification, the public key, and
 * the install YAML, for the vendor's team and for a customer holding the license.
 */
import { getAppForPrincipalOrThrow } from "@/lib/auth/access";
import type { Principal } from "@/lib/auth/principal";
import { resolveRegistryHost } from "@/lib/config";
import { prisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { previewRelease } from "@/lib/releases";
import { listRegistrySources } from "@/lib/release-store/list-registry-sources";
import { CUSTOMER_SELECT, getCustomerRowOrThrow, type CustomerRow } from "./customers";
import { renderInstallYaml } from "./install-yaml";
import { canonicalJson, LICENSE_FORMAT_VERSION, parseLicenseFile, renderLicenseFile, type LicenseSpec } from "./license-file";
import { findCurrentRelease } from "./promotions";
import { getLicensePublicKey, signWithAppKey, verifyWithPublicKey } from "./signing-keys";

interface LicensedApp {
  id: string;
  slug: string;
  name: string;
  teamId: string;
}

export interface DownloadedFile {
  filename: string;
  text: string;
}

export type LicenseVerdictReason = "malformed" | "unknown" | "bad_signature" | "revoked" | "archived" | "expired" | "superseded";
export interface LicenseVerdict {
  valid: boolean;
  reason?: LicenseVerdictReason;
  /** What is wrong and what to do, for people. */
  message?: string;
}

/** What the license file states about a customer today. */
export function buildLicenseSpec(app: LicensedApp, customer: CustomerRow, registryHost = resolveRegistryHost()): LicenseSpec {
  return {
    formatVersion: LICENSE_FORMAT_VERSION,
    appSlug: app.slug,
    appName: app.name,
    customerId: customer.id,
    customerName: customer.name,
    channel: customer.channel.name,
    licenseId: customer.licenseId,
    licenseType: customer.licenseType,
    expiresAt: customer.expiresAt?.toISOString() ?? null,
    entitlements: { airgap: customer.isAirgapEnabled },
    registryHost,
    issuedAt: customer.licenseIssuedAt.toISOString(),
  };
}

/** A file name safe in a Content-Disposition header: lower-case letters, digits and dashes. */
export function fileNameFor(name: string, suffix: string): string {
  const base = name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60) || "customer";
  return `${base}-${suffix}`;
}

/** The customer's signed license file. */
export async function getLicenseFile(principal: Pick<Principal, "teamId">, slug: string, customerId: string): Promise<DownloadedFile> {
  const app = await getAppForPrincipalOrThrow(principal, slug);
  const customer = await getCustomerRowOrThrow(principal, slug, customerId);
  const spec = buildLicenseSpec(app, customer);
  const signature = await signWithAppKey(app.id, canonicalJson(spec));
  return { filename: fileNameFor(customer.name, "license.yaml"), text: renderLicenseFile(spec, signature) };
}

/** The app's license-signing public key (PEM, SPKI, Ed25519). */
export async function getAppLicenseKey(principal: Pick<Principal, "teamId">, slug: string): Promise<string> {
  const app = await getAppForPrincipalOrThrow(principal, slug);
  return getLicensePublicKey(app.id);
}

/**
 * Checks a license file: signature first (so nothing about customers is told for an
 * unsigned file), then whether the license is still in force and still the current one.
 */
export async function verifyLicenseFile(text: string, now = new Date()): Promise<LicenseVerdict> {
  const parsed = parseLicenseFile(text);
  if (!parsed.ok) return { valid: false, reason: "malformed", message: parsed.message };
  const { spec, signature } = parsed;
  const app = await prisma.app.findUnique({ where: { slug: spec.appSlug }, select: { id: true, slug: true, name: true, teamId: true } });
  if (!app) return { valid: false, reason: "unknown", message: `No application "${spec.appSlug}" issues licenses here.` };
  if (!verifyWithPublicKey(await getLicensePublicKey(app.id), canonicalJson(spec), signature)) {
    return { valid: false, reason: "bad_signature", message: "The signature does not match the license's content: the file was changed or was not issued by this application." };
  }
  const customer = await prisma.customer.findFirst({ where: { licenseId: spec.licenseId, appId: app.id }, select: CUSTOMER_SELECT });
  if (!customer) {
    const revoked = await prisma.revokedLicense.findFirst({ where: { licenseId: spec.licenseId, customer: { appId: app.id } }, select: { revokedAt: true } });
    return revoked
      ? { valid: false, reason: "revoked", message: `This license was revoked on ${revoked.revokedAt.toISOString()} when it was replaced; ask the vendor for the current license.` }
      : { valid: false, reason: "unknown", message: "The license is not known to this application." };
  }
  if (customer.archivedAt) return { valid: false, reason: "archived", message: "The customer's license was revoked by the vendor (the customer is archived)." };
  if (spec.expiresAt !== null && new Date(spec.expiresAt) <= now) return { valid: false, reason: "expired", message: `The license expired on ${spec.expiresAt}.` };
  if (canonicalJson(buildLicenseSpec(app, customer)) !== canonicalJson(spec)) {
    return {
      valid: false,
      reason: "superseded",
      message: `A newer license file was issued for this customer on ${customer.licenseIssuedAt.toISOString()}; ask the vendor for the current file.`,
    };
  }
  return { valid: true };
}

/** The install YAML of a customer of the principal's app. */
export async function getInstallYaml(principal: Pick<Principal, "teamId">, slug: string, customerId: string): Promise<DownloadedFile> {
  const app = await getAppForPrincipalOrThrow(principal, slug);
  return renderCustomerInstallYaml(app, await getCustomerRowOrThrow(principal, slug, customerId));
}

/** The install YAML for a customer whose license was already checked (the license-authenticated route). */
export async function getInstallYamlForLicense(customerId: string): Promise<DownloadedFile> {
  const customer = await prisma.customer.findUniqueOrThrow({ where: { id: customerId }, select: CUSTOMER_SELECT });
  const app = await prisma.app.findUniqueOrThrow({ where: { id: customer.appId }, select: { id: true, slug: true, name: true, teamId: true } });
  return renderCustomerInstallYaml(app, customer);
}

async function renderCustomerInstallYaml(app: LicensedApp, customer: CustomerRow): Promise<DownloadedFile> {
  const release = await findCurrentRelease(customer.channelId);
  if (!release) {
    throw new AppError("conflict", `The channel "${customer.channel.name}" has no release yet. Promote a release to it, then download the install YAML again.`);
  }
  const registryHost = resolveRegistryHost();
  const context = { registryHost, appSlug: app.slug, externalRegistries: await listRegistrySources(app.teamId) };
  const header = [
    `${app.name} ${release.version} (release ${release.sequence}, channel ${customer.channel.name}) for ${customer.name}.`,
    `Apply with: kubectl apply -n <your namespace> -f this file. Images are pulled from ${registryHost} with the license.`,
  ];
  const text = renderInstallYaml({ rewritten: previewRelease(release.yaml, context).rewritten, registryHost, licenseId: customer.licenseId, header });
  return { filename: fileNameFor(customer.name, "install.yaml"), text };
}
