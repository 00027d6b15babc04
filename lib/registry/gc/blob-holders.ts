/**
 * Things other than repositories that keep a blob in the store: the garbage collector
 * never deletes content one of them names. Airgap bundles (issue 11) are blobs in the
 * store referenced from their own table by digest; a holder is only consulted when its
 * table and column exist, so the collector works before and after that migration.
 * Add a row here for any new table that names blobs by digest. Upload areas have holders
 * too: an airgap build writes its tar into an upload area without an UploadSession row,
 * and the purge of abandoned uploads must leave it alone.
 */
import type { Prisma, PrismaClient } from "@/lib/db/client";

/** A table whose `column` holds digests of stored blobs. */
const HOLDER_COLUMNS: { table: string; column: string }[] = [
  { table: "AirgapBundle", column: "blobDigest" },
];

/** Tables whose `column` names upload areas (ids) that are in use without an UploadSession row. */
const UPLOAD_HOLDER_COLUMNS: { table: string; column: string }[] = [{ table: "AirgapBundle", column: "uploadId" }];

export interface BlobHolder {
  table: string;
  holds(tx: Prisma.TransactionClient, digest: string): Promise<boolean>;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The entries of `columns` whose table and column exist in this database. */
async function presentColumns(db: PrismaClient, columns: { table: string; column: string }[]): Promise<{ table: string; column: string }[]> {
  const present = await db.$queryRaw<{ table_name: string; column_name: string }[]>`
    SELECT table_name, column_name FROM information_schema.columns
    WHERE table_schema = current_schema() AND table_name = ANY(${columns.map((holder) => holder.table)}::text[])`;
  return columns.filter(
    (holder) => IDENTIFIER.test(holder.table) && IDENTIFIER.test(holder.column) && present.some((row) => row.table_name === holder.table && row.column_name === holder.column),
  );
}

/** Upload area ids some other table still uses (kept by the purge of abandoned uploads). */
export async function findHeldUploadIds(db: PrismaClient): Promise<Set<string>> {
  const held = new Set<string>();
  for (const holder of await presentColumns(db, UPLOAD_HOLDER_COLUMNS)) {
    // Identifiers come from the constant list above, never from input.
    const rows = await db.$queryRawUnsafe<{ id: string }[]>(`SELECT "${holder.column}"::text AS id FROM "${holder.table}" WHERE "${holder.column}" IS NOT NULL`);
    for (const row of rows) held.add(row.id);
  }
  return held;
}

/** The holders whose tables exist in this database. */
export async function findBlobHolders(db: PrismaClient): Promise<BlobHolder[]> {
  return (await presentColumns(db, HOLDER_COLUMNS)).map((holder) => ({
    table: holder.table,
    // Identifiers come from the constant list above, never from input.
    holds: async (tx, digest) =>
      (await tx.$queryRawUnsafe<unknown[]>(`SELECT 1 FROM "${holder.table}" WHERE "${holder.column}" = $1 LIMIT 1`, digest)).length > 0,
  }));
}
