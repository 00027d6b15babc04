/**
 * The pieces of HTTP/1.1 (RFC 9112) a registry client needs to read a response itself:
 * the head (status line and header fields), how the body is delimited, and an in-place
 * decoder of the chunked transfer coding. Pure functions over bytes, so the socket reader
 * (socket-exchange.ts) can read into memory it chooses and these can be tested alone.
 */
import type { IncomingHttpHeaders } from "node:http";

export interface ResponseHead {
  status: number;
  statusText: string;
  /** Header fields as node:http gives them: lowercase names, repeated ones joined with ", " (set-cookie an array). */
  headers: IncomingHttpHeaders;
  /** Every value of every field separately (`www-authenticate` challenges must not be joined). */
  distinct: Record<string, string[]>;
}

/** How the body ends (RFC 9112 section 6.3). */
export type BodyFraming = { kind: "none" } | { kind: "length"; length: number } | { kind: "chunked" } | { kind: "close" };

export class HttpFramingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "HttpFramingError";
  }
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Fields node:http keeps only once (duplicates dropped), as the rest of the code expects. */
const SINGLE_VALUED = new Set(["content-type", "content-length", "location", "authorization", "etag", "retry-after", "host", "server", "age", "expires", "last-modified"]);
const STATUS_LINE = /^HTTP\/1\.[01] (\d{3})(?: (.*))?$/;

/** Index just past the blank line that ends a head in `buffer[from, to)`, or -1 (search from a little before new bytes). */
export function findHeadEnd(buffer: Uint8Array, from: number, to: number): number {
  for (let i = Math.max(0, from - 3); i + 3 < to; i++) {
    if (buffer[i] === 13 && buffer[i + 1] === 10 && buffer[i + 2] === 13 && buffer[i + 3] === 10) return i + 4;
  }
  return -1;
}

/** Parses a response head (without its final blank line); throws HttpFramingError. */
export function parseResponseHead(text: string): ResponseHead {
  const lines = text.split("\r\n");
  const status = STATUS_LINE.exec(lines[0] ?? "");
  if (!status) throw new HttpFramingError(`the status line ${JSON.stringify((lines[0] ?? "").slice(0, 80))} is not HTTP/1.x`);
  const distinct: Record<string, string[]> = {};
  for (const line of lines.slice(1)) {
    if (line === "") continue;
    const colon = line.indexOf(":");
    const name = colon > 0 ? line.slice(0, colon) : "";
    // The line itself is not quoted: it could echo a credential.
    if (!TOKEN.test(name)) throw new HttpFramingError("a header line is malformed");
    const value = line.slice(colon + 1).trim();
    if (/[\0\r\n]/.test(value)) throw new HttpFramingError(`the header ${name} holds a control character`);
    (distinct[name.toLowerCase()] ??= []).push(value);
  }
  const headers: IncomingHttpHeaders = {};
  for (const [name, values] of Object.entries(distinct)) {
    if (name === "set-cookie") headers[name] = values;
    else headers[name] = SINGLE_VALUED.has(name) ? values[0] : values.join(", ");
  }
  return { status: Number(status[1]), statusText: status[2] ?? "", headers, distinct };
}

/** How the body of a response to `method` with this head is delimited; conflicting lengths are an error. */
export function bodyFraming(method: string, head: ResponseHead): BodyFraming {
  if (method === "HEAD" || head.status === 204 || head.status === 304 || head.status < 200) return { kind: "none" };
  const coding = head.distinct["transfer-encoding"];
  if (coding) {
    const last = coding.join(",").split(",").at(-1)!.trim().toLowerCase();
    return last === "chunked" ? { kind: "chunked" } : { kind: "close" };
  }
  const lengths = head.distinct["content-length"];
  if (!lengths) return { kind: "close" };
  const values = new Set(lengths.flatMap((value) => value.split(",").map((part) => part.trim())));
  const [only] = values;
  if (values.size !== 1 || !/^\d{1,15}$/.test(only!)) throw new HttpFramingError(`the Content-Length ${JSON.stringify(lengths.join(", "))} is invalid`);
  return { kind: "length", length: Number(only) };
}

const enum Chunk {
  Size,
  Extension,
  SizeLf,
  Data,
  DataCr,
  DataLf,
  LineStart,
  Trailer,
  TrailerLf,
  FinalLf,
  Done,
}

/**
 * Decodes the chunked coding in place: the data bytes of `buffer[start, end)` are moved to
 * the front of that range (framing removed), so a reader can receive straight into its
 * buffer. Trailer fields are read and ignored. Strict CRLF; anything else is malformed.
 */
export class ChunkedDecoder {
  private state = Chunk.Size;
  private size = 0;
  private digits = 0;
  private remaining = 0;

  get isDone(): boolean {
    return this.state === Chunk.Done;
  }

  /** Returns how many data bytes now sit at `buffer[start, start + n)`. Bytes after the end are ignored. */
  decode(buffer: Uint8Array, start: number, end: number): number {
    let write = start;
    let i = start;
    while (i < end && this.state !== Chunk.Done) {
      if (this.state === Chunk.Data) {
        const n = Math.min(this.remaining, end - i);
        if (write !== i) buffer.copyWithin(write, i, i + n);
        write += n;
        i += n;
        this.remaining -= n;
        if (this.remaining === 0) this.state = Chunk.DataCr;
        continue;
      }
      this.step(buffer[i]!);
      i++;
    }
    return write - start;
  }

  private step(byte: number): void {
    switch (this.state) {
      case Chunk.Size: {
        const digit = hexValue(byte);
        if (digit >= 0) {
          if (++this.digits > 12) throw new HttpFramingError("a chunk size is too large");
          this.size = this.size * 16 + digit;
        } else if (this.digits > 0 && (byte === 59 || byte === 32 || byte === 9)) this.state = Chunk.Extension;
        else if (this.digits > 0 && byte === 13) this.state = Chunk.SizeLf;
        else throw new HttpFramingError("a chunk size is malformed");
        return;
      }
      case Chunk.Extension:
        if (byte === 13) this.state = Chunk.SizeLf;
        return;
      case Chunk.SizeLf:
        this.expect(byte, 10);
        this.remaining = this.size;
        this.state = this.size === 0 ? Chunk.LineStart : Chunk.Data;
        this.size = 0;
        this.digits = 0;
        return;
      case Chunk.DataCr:
        this.expect(byte, 13);
        this.state = Chunk.DataLf;
        return;
      case Chunk.DataLf:
        this.expect(byte, 10);
        this.state = Chunk.Size;
        return;
      case Chunk.LineStart:
        this.state = byte === 13 ? Chunk.FinalLf : Chunk.Trailer;
        return;
      case Chunk.Trailer:
        if (byte === 13) this.state = Chunk.TrailerLf;
        return;
      case Chunk.TrailerLf:
        this.expect(byte, 10);
        this.state = Chunk.LineStart;
        return;
      case Chunk.FinalLf:
        this.expect(byte, 10);
        this.state = Chunk.Done;
        return;
    }
  }

  private expect(byte: number, wanted: number): void {
    if (byte !== wanted) throw new HttpFramingError("the chunked body is malformed (a line does not end in CRLF)");
  }
}

function hexValue(byte: number): number {
  if (byte >= 48 && byte <= 57) return byte - 48;
  if (byte >= 97 && byte <= 102) return byte - 87;
  if (byte >= 65 && byte <= 70) return byte - 55;
  return -1;
}

/** The request head; names and values that could split it (CR, LF, NUL) are refused. */
export function formatRequestHead(method: string, target: string, headers: Record<string, string>): string {
  let head = `${method} ${target} HTTP/1.1\r\n`;
  for (const [name, value] of Object.entries(headers)) {
    if (!TOKEN.test(name) || /[\0\r\n]/.test(value)) throw new HttpFramingError(`the request header ${JSON.stringify(name)} cannot be sent`);
    head += `${name}: ${value}\r\n`;
  }
  return `${head}\r\n`;
}
