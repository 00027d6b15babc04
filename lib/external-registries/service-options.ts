/**
 * What the registry service runs against. Production uses the shared Prisma client and
 * the server's secrets key; a test or script can bring its own database (another
 * PostgreSQL server, for example) and key. Nothing here is a stand-in: both are real.
 */
import { loadServerSecrets } from "@/lib/config/secrets";
import { prisma, type PrismaClient } from "@/lib/db/client";

export interface ServiceOptions {
  db?: PrismaClient;
  /** 32 bytes, the AES-256-GCM key for stored secrets. */
  secretsKey?: Buffer;
}

/** The database the call should use. */
export function resolveDb(options: ServiceOptions): PrismaClient {
  return options.db ?? prisma;
}

/** The secrets key, read only by operations that seal or open a secret. */
export function resolveSecretsKey(options: ServiceOptions): Buffer {
  return options.secretsKey ?? loadServerSecrets().secretsKey;
}
