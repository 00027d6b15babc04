/**
 * Hands a file's flushed pages back to the kernel (posix_fadvise POSIX_FADV_DONTNEED), so
 * an upload does not fill the page cache with bytes nobody reads soon.
 *
 * Why: a pushed layer is read again, if at all, by a customer's pull some time later; kept
 * cached, a 1 GiB push evicts the database's and the manifests' pages instead. And on
 * these VMs each newly cached GiB is written more slowly than the last (memory the guest
 * had not touched yet): a bare write + fdatasync loop gave 480–760 MiB/s, and 1.6–1.7 GiB/s
 * when each GiB was dropped after its flush, because the next writes then reuse the pages
 * just freed. A dropped blob reads back from disk at 2.7–7.0 GiB/s here, far above what a
 * pull sends (docs/registry-performance-log.md, "tenth look").
 *
 * Only clean pages are dropped: call it for a range already fdatasync'ed. Node has no
 * binding for the call, so it goes through koffi, a dependency whose npm package brings a
 * prebuilt binary for each platform it supports (no compiler needed). Where the call is
 * missing (not Linux, a libc without it), dropping does nothing: the pages then stay
 * cached as they would without this module.
 */
import koffi from "koffi";
import type { FileHandle } from "node:fs/promises";

/** Linux's value on every architecture. */
const POSIX_FADV_DONTNEED = 4;

type Fadvise = ((fd: number, offset: number, length: number, advice: number) => number) & {
  async: (fd: number, offset: number, length: number, advice: number, done: (error: unknown, result: number) => void) => void;
};

let fadvise: Fadvise | null | undefined;

function loadFadvise(): Fadvise | null {
  if (process.platform !== "linux") return null;
  try {
    // The process's own symbols include libc's, whichever libc (glibc, musl) it is.
    return koffi.load(null).func("int posix_fadvise(int fd, int64_t offset, int64_t len, int advice)") as Fadvise;
  } catch {
    return null;
  }
}

/** Whether dropping pages works here; false means dropCleanPages does nothing. */
export function canDropPages(): boolean {
  fadvise ??= loadFadvise();
  return fadvise !== null;
}

/**
 * Drops the cached pages of `length` bytes from `offset` (0 for "to the end") of an open
 * file, off the event loop. Pages still dirty are left alone by the kernel. Never rejects:
 * the bytes are on disk either way, and a page left cached costs memory, not correctness.
 */
export function dropCleanPages(handle: FileHandle, offset: number, length: number): Promise<void> {
  if (!canDropPages()) return Promise.resolve();
  return new Promise((resolve) => {
    fadvise!.async(handle.fd, offset, length, POSIX_FADV_DONTNEED, () => resolve());
  });
}
