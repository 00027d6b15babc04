/**
 * Customers of one application and their licenses. A customer is archived, never
 * deleted, so the pull ledger and the history keep their names; an archived customer's
 * license stops working at once. Rotating a license keeps the old ID in RevokedLicense
 * so a client still using it is told "license revoked" rather than "wrong password".
 * `licenseIssuedAt` moves whenever something the license file states changes, so every
 * change produces a new file.
 */
import { recordPrincipalEvent } from "@/lib/audit/record-audit-event";
import { getAppForPrincipalOrThrow } from "@/lib/auth/access";
import type { Principal } from "@/lib/auth/principal";
import { prisma, type Prisma } from "@/lib/db/client";
import { AppError, notFound } from "@/lib/errors";
import { resolveActiveChannel } from "./channels";
import type { CreateCustomerInput, LicenseType, UpdateCustomerInput } from "./customer-input";
import { generateLicenseId } from "./license-id";

interface Person {
  name: string;
  email: string;
}

export interface CustomerView {
  id: string;
  name: string;
  email: string | null;
  channel: string;
  licenseId: string;
  type: LicenseType;
  expiresAt: Date | null;
  isExpired: boolean;
  airgap: boolean;
  archived: boolean;
  archivedAt: Date | null;
  licenseIssuedAt: Date;
  createdAt: Date;
  updatedAt: Date;
  createdBy: Person;
  updatedBy: Person;
}

const PERSON = { select: { name: true, email: true } } as const;
export const CUSTOMER_SELECT = {
  id: true,
  appId: true,
  name: true,
  email: true,
  channelId: true,
  channel: { select: { name: true } },
  licenseId: true,
  licenseType: true,
  expiresAt: true,
  isAirgapEnabled: true,
  archivedAt: true,
  licenseIssuedAt: true,
  createdAt: true,
  updatedAt: true,
  createdBy: PERSON,
  updatedBy: PERSON,
} satisfies Prisma.CustomerSelect;
export type CustomerRow = Prisma.CustomerGetPayload<{ select: typeof CUSTOMER_SELECT }>;

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function toCustomerView(row: CustomerRow, now = new Date()): CustomerView {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    channel: row.channel.name,
    licenseId: row.licenseId,
    type: row.licenseType as LicenseType,
    expiresAt: row.expiresAt,
    isExpired: row.expiresAt !== null && row.expiresAt <= now,
    airgap: row.isAirgapEnabled,
    archived: row.archivedAt !== null,
    archivedAt: row.archivedAt,
    licenseIssuedAt: row.licenseIssuedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    createdBy: row.createdBy,
    updatedBy: row.updatedBy,
  };
}

/** Creates a customer on an active channel, with a new license ID. */
export async function createCustomer(principal: Pick<Principal, "teamId" | "userId">, slug: string, input: CreateCustomerInput): Promise<CustomerView> {
  const app = await getAppForPrincipalOrThrow(principal, slug);
  const channel = await resolveActiveChannel(app.id, input.channel);
  const row = await prisma.$transaction(async (tx) => {
    const created = await tx.customer.create({
      data: {
        appId: app.id,
        name: input.name,
        email: input.email ?? null,
        channelId: channel.id,
        licenseType: input.type,
        expiresAt: input.expiresAt ?? null,
        isAirgapEnabled: input.airgap,
        licenseId: generateLicenseId(),
        createdById: principal.userId,
        updatedById: principal.userId,
      },
      select: CUSTOMER_SELECT,
    });
    await recordPrincipalEvent(tx, principal, { action: "customer.created", appSlug: slug, target: input.name, details: { customerId: created.id } });
    return created;
  });
  return toCustomerView(row);
}

/** The app's customers, newest first; archived ones only when asked for. */
export async function listCustomers(principal: Pick<Principal, "teamId">, slug: string, options: { includeArchived?: boolean } = {}): Promise<CustomerView[]> {
  const app = await getAppForPrincipalOrThrow(principal, slug);
  const rows = await prisma.customer.findMany({
    where: { appId: app.id, ...(options.includeArchived ? {} : { archivedAt: null }) },
    orderBy: { createdAt: "desc" },
    select: CUSTOMER_SELECT,
  });
  const now = new Date();
  return rows.map((row) => toCustomerView(row, now));
}

/** One customer of the app, archived or not; `not_found` for another app's or another team's. */
export async function getCustomerRowOrThrow(principal: Pick<Principal, "teamId">, slug: string, customerId: string): Promise<CustomerRow> {
  const app = await getAppForPrincipalOrThrow(principal, slug);
  const row = UUID_PATTERN.test(customerId) ? await prisma.customer.findFirst({ where: { id: customerId, appId: app.id }, select: CUSTOMER_SELECT }) : null;
  if (!row) throw notFound(`Customer "${customerId}" of "${slug}"`);
  return row;
}

/** One customer as the API shows it. */
export async function getCustomer(principal: Pick<Principal, "teamId">, slug: string, customerId: string): Promise<CustomerView> {
  return toCustomerView(await getCustomerRowOrThrow(principal, slug, customerId));
}

/** Changes a customer; archiving revokes the license at once, restoring needs an active channel. */
export async function updateCustomer(principal: Pick<Principal, "teamId" | "userId">, slug: string, customerId: string, input: UpdateCustomerInput): Promise<CustomerView> {
  const current = await getCustomerRowOrThrow(principal, slug, customerId);
  const channel = input.channel !== undefined && input.channel !== current.channel.name ? await resolveActiveChannel(current.appId, input.channel) : null;
  if (input.archived === false && current.archivedAt && !channel) await assertChannelActive(current);
  const data: Prisma.CustomerUncheckedUpdateInput = {
    name: input.name,
    email: input.email,
    channelId: channel?.id,
    licenseType: input.type,
    expiresAt: input.expiresAt,
    isAirgapEnabled: input.airgap,
    updatedById: principal.userId,
  };
  if (input.archived !== undefined) data.archivedAt = input.archived ? (current.archivedAt ?? new Date()) : null;
  if (changesLicense(current, input, channel?.id)) data.licenseIssuedAt = new Date();
  const row = await prisma.$transaction(async (tx) => {
    const updated = await tx.customer.update({ where: { id: current.id }, data, select: CUSTOMER_SELECT });
    await recordPrincipalEvent(tx, principal, { action: "customer.updated", appSlug: slug, target: updated.name, details: { customerId: current.id, changed: Object.keys(input) } });
    return updated;
  });
  return toCustomerView(row);
}

/** Gives the customer a new license ID; the old one is refused from now on. */
export async function rotateLicense(principal: Pick<Principal, "teamId" | "userId">, slug: string, customerId: string): Promise<CustomerView> {
  const current = await getCustomerRowOrThrow(principal, slug, customerId);
  const row = await prisma.$transaction(async (tx) => {
    await tx.revokedLicense.create({ data: { licenseId: current.licenseId, customerId: current.id } });
    const rotated = await tx.customer.update({
      where: { id: current.id, licenseId: current.licenseId },
      data: { licenseId: generateLicenseId(), licenseIssuedAt: new Date(), updatedById: principal.userId },
      select: CUSTOMER_SELECT,
    });
    await recordPrincipalEvent(tx, principal, { action: "customer.license_rotated", appSlug: slug, target: rotated.name, details: { customerId: current.id } });
    return rotated;
  });
  return toCustomerView(row);
}

async function assertChannelActive(customer: CustomerRow): Promise<void> {
  const channel = await prisma.channel.findUnique({ where: { id: customer.channelId }, select: { archivedAt: true } });
  if (channel?.archivedAt) {
    throw new AppError("invalid_input", `channel: the customer's channel "${customer.channel.name}" is archived; pick another channel to restore the customer.`, {
      details: [{ path: "channel", issue: `"${customer.channel.name}" is archived` }],
    });
  }
}

/** Whether the update changes anything the license file states (name, channel, type, expiry, entitlements). */
function changesLicense(current: CustomerRow, input: UpdateCustomerInput, channelId: string | undefined): boolean {
  return (
    (input.name !== undefined && input.name !== current.name) ||
    (channelId !== undefined && channelId !== current.channelId) ||
    (input.type !== undefined && input.type !== current.licenseType) ||
    (input.expiresAt !== undefined && (input.expiresAt?.getTime() ?? null) !== (current.expiresAt?.getTime() ?? null)) ||
    (input.airgap !== undefined && input.airgap !== current.isAirgapEnabled)
  );
}
