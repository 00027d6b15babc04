/**
 * The process's one storage driver for code outside the /v2/ handler (the portal's API
 * routes, background jobs), built from the same settings the registry uses
 * (storage-settings.ts) and kept on globalThis so Next.js module reloads share it.
 */
import type { StorageDriver } from "@/lib/registry/storage/driver";
import { createStorageDriver, resolveStorageSettings } from "@/lib/registry/storage/storage-settings";

const holder = globalThis as typeof globalThis & { slipwayStorageDriver?: StorageDriver };

/** The blob store for this process. */
export function getSharedStorageDriver(): StorageDriver {
  holder.slipwayStorageDriver ??= createStorageDriver(resolveStorageSettings());
  return holder.slipwayStorageDriver;
}
