/**
 * A channel and a customer with a fresh license ID, inserted directly with Prisma for
 * integration tests and benchmarks of the registry side (license sign-in, pull ledger),
 * so they do not depend on the customer API's own rules.
 */
import { randomUUID } from "node:crypto";
import type { PrismaClient } from "@/lib/db/client";
import { generateLicenseId } from "@/lib/customers/license-id";

export interface TestCustomer {
  id: string;
  name: string;
  appId: string;
  channelId: string;
  licenseId: string;
}

export interface TestCustomerInput {
  /** The application's slug. */
  slug: string;
  /** A member of the app's team, recorded as creator. */
  createdById: string;
  name?: string;
  expiresAt?: Date | null;
  archivedAt?: Date | null;
}

/** Creates a channel (unique name) and a customer on it for the application. */
export async function createTestCustomer(prisma: PrismaClient, input: TestCustomerInput): Promise<TestCustomer> {
  const app = await prisma.app.findUniqueOrThrow({ where: { slug: input.slug }, select: { id: true } });
  const channel = await prisma.channel.create({ data: { appId: app.id, name: `Test ${randomUUID().slice(0, 8)}` } });
  const customer = await prisma.customer.create({
    data: {
      appId: app.id,
      channelId: channel.id,
      name: input.name ?? `Customer ${randomUUID().slice(0, 8)}`,
      licenseId: generateLicenseId(),
      expiresAt: input.expiresAt ?? null,
      archivedAt: input.archivedAt ?? null,
      createdById: input.createdById,
      updatedById: input.createdById,
    },
  });
  return { id: customer.id, name: customer.name, appId: app.id, channelId: channel.id, licenseId: customer.licenseId };
}
