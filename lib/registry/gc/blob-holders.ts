/**
 * Things other than repositories that keep a blob in the store: the garbage collector
 * never deletes content one of them names. Airgap bundles (issue 11) are blobs in the
 * store referenced from their own table by digest; a holder is only consulted when its
 * table and column exist, so the collector works before and after that migration.
 * Add a row here for any new table that names blobs by digest.
 */
import type { Prisma, PrismaClient } from "@/lib/db/client";

/** A table whose `column` holds digests of stored blobs. */
const HOLDER_COLUMNS: { table: string; column: string }[] = [
  { table: "AirgapBundle", column: "blobDigest" },
];

export interface BlobHolder {
  table: string;
  holds(tx: Prisma.TransactionClient, digest: string): Promise<boolean>;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The holders whose tables exist in this database. */
export async function findBlobHolders(db: PrismaClient): Promise<BlobHolder[]> {
  const present = await db.$queryRaw<{ table_name: string; column_name: string }[]>`
    SELECT table_name, column_name FROM information_schema.columns
    WHERE table_schema = current_schema() AND table_name = ANY(${HOLDER_COLUMNS.map((holder) => holder.table)}::text[])`;
  return HOLDER_COLUMNS.filter(
    (holder) => IDENTIFIER.test(holder.table) && IDENTIFIER.test(holder.column) && present.some((row) => row.table_name === holder.table && row.column_name === holder.column),
  ).map((holder) => ({
    table: holder.table,
    // Identifiers come from the constant list above, never from input.
    holds: async (tx, digest) =>
      (await tx.$queryRawUnsafe<unknown[]>(`SELECT 1 FROM "${holder.table}" WHERE "${holder.column}" = $1 LIMIT 1`, digest)).length > 0,
  }));
}
