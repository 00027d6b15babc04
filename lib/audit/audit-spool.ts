/**
 * The durable queue behind the audit log: an event whose insert failed is appended (one
 * JSON line, fsynced) to `$DATA_DIR/audit-spool/pending.ndjson` before the action it
 * records is answered, and written to the table by the next flush. A flush renames the
 * file before reading it, so events appended meanwhile go to a fresh file, and puts
 * back the lines it could not write. Flushes in one process are serialised.
 */
import { appendFile, mkdir, open, readFile, readdir, rename, unlink } from "node:fs/promises";
import path from "node:path";
import { getConfig } from "@/lib/config";

export interface SpooledAuditEvent {
  at: string;
  teamId: string | null;
  actorKind: string;
  actorId: string | null;
  actorName: string;
  action: string;
  appSlug: string | null;
  target: string;
  clientAddress: string | null;
  requestId: string | null;
  details: unknown;
}

function spoolDir(): string {
  return path.resolve(/* turbopackIgnore: true */ getConfig().AUDIT_SPOOL_DIR || path.join(getConfig().DATA_DIR, "audit-spool"));
}

/** Appends the event and waits until it is on disk. */
export async function spoolAuditEvent(event: SpooledAuditEvent): Promise<void> {
  const dir = spoolDir();
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, "pending.ndjson");
  await appendFile(file, JSON.stringify(event) + "\n", { mode: 0o600 });
  const handle = await open(file, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

let flushing: Promise<number> | null = null;

/** Writes spooled events with `write` (one call per event); returns how many were written. Failed ones stay spooled. */
export function flushAuditSpool(write: (event: SpooledAuditEvent) => Promise<void>): Promise<number> {
  flushing ??= flushOnce(write).finally(() => {
    flushing = null;
  });
  return flushing;
}

async function flushOnce(write: (event: SpooledAuditEvent) => Promise<void>): Promise<number> {
  const dir = spoolDir();
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return 0;
  }
  if (names.includes("pending.ndjson")) {
    await rename(path.join(dir, "pending.ndjson"), path.join(dir, `flushing-${Date.now()}-${process.pid}.ndjson`));
    names = await readdir(dir);
  }
  let written = 0;
  for (const name of names.filter((entry) => entry.startsWith("flushing-")).sort()) {
    const file = path.join(dir, name);
    const lines = (await readFile(file, "utf8")).split("\n").filter(Boolean);
    const failed: string[] = [];
    for (const line of lines) {
      try {
        await write(JSON.parse(line) as SpooledAuditEvent);
        written += 1;
      } catch {
        failed.push(line);
      }
    }
    if (failed.length) await appendFile(path.join(dir, "pending.ndjson"), failed.join("\n") + "\n", { mode: 0o600 });
    await unlink(file);
  }
  return written;
}
