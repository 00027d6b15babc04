/**
 * The POSIX ustar pieces the bundle writer streams: a 512-byte header per file, zero
 * padding to the next 512-byte block, and two zero blocks at the end (POSIX.1-2001
 * "pax Interchange Format", ustar header layout). Sizes of 8 GiB and more, which octal
 * cannot hold in the 12-byte field, use the base-256 form GNU tar and Go's archive/tar read.
 * Names longer than 100 bytes are split into the header's prefix and name fields.
 */
export const TAR_BLOCK = 512;
/** The end of an archive: two zero blocks. */
export const TAR_END = Buffer.alloc(TAR_BLOCK * 2);

const MAX_OCTAL_SIZE = 0o77777777777;

export interface TarEntry {
  /** Path inside the archive, `/`-separated, relative. */
  name: string;
  size: number;
  /** Seconds since the epoch. */
  mtime: number;
  /** Default 0o644. */
  mode?: number;
}

function writeOctal(header: Buffer, value: number, offset: number, length: number): void {
  header.write(value.toString(8).padStart(length - 1, "0") + "\0", offset, length, "ascii");
}

function writeSize(header: Buffer, size: number): void {
  if (size <= MAX_OCTAL_SIZE) return writeOctal(header, size, 124, 12);
  // Base-256: the first byte's high bit set, the number big-endian in the rest.
  header[124] = 0x80;
  let rest = BigInt(size);
  for (let index = 135; index > 124; index--) {
    header[index] = Number(rest & 0xffn);
    rest >>= 8n;
  }
}

/** Splits a name into ustar's prefix (155 bytes) and name (100 bytes) at a slash, or throws. */
function splitName(name: string): { prefix: string; base: string } {
  if (Buffer.byteLength(name) <= 100) return { prefix: "", base: name };
  for (let index = name.indexOf("/"); index !== -1; index = name.indexOf("/", index + 1)) {
    const prefix = name.slice(0, index);
    const base = name.slice(index + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(base) <= 100) return { prefix, base };
  }
  throw new Error(`tar entry name too long for ustar: ${name}`);
}

/** The 512-byte ustar header of a regular file. */
export function createTarHeader(entry: TarEntry): Buffer {
  if (!Number.isSafeInteger(entry.size) || entry.size < 0) throw new Error(`invalid tar entry size ${entry.size}`);
  const header = Buffer.alloc(TAR_BLOCK);
  const { prefix, base } = splitName(entry.name);
  header.write(base, 0, 100, "utf8");
  writeOctal(header, entry.mode ?? 0o644, 100, 8);
  writeOctal(header, 0, 108, 8); // uid
  writeOctal(header, 0, 116, 8); // gid
  writeSize(header, entry.size);
  writeOctal(header, Math.max(0, Math.floor(entry.mtime)), 136, 12);
  header.fill(0x20, 148, 156); // checksum field counts as spaces while summing
  header.write("0", 156, 1, "ascii"); // regular file
  header.write("ustar\0", 257, 6, "ascii");
  header.write("00", 263, 2, "ascii");
  header.write(prefix, 345, 155, "utf8");
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(sum.toString(8).padStart(6, "0") + "\0 ", 148, 8, "ascii");
  return header;
}

/** Zero bytes that complete the last block of a file of `size` bytes (empty when it ends on a block). */
export function createTarPadding(size: number): Buffer {
  const remainder = size % TAR_BLOCK;
  return remainder === 0 ? Buffer.alloc(0) : Buffer.alloc(TAR_BLOCK - remainder);
}

/** Bytes a file of `size` bytes takes in the archive, header and padding included. */
export function tarEntryLength(size: number): number {
  return TAR_BLOCK + Math.ceil(size / TAR_BLOCK) * TAR_BLOCK;
}
