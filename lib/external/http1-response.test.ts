import { describe, expect, it } from "vitest";
import { bodyFraming, ChunkedDecoder, findHeadEnd, formatRequestHead, HttpFramingError, parseResponseHead } from "./http1-response";

function chunked(parts: string[], trailer = ""): Buffer {
  return Buffer.from(parts.map((part) => `${Buffer.byteLength(part).toString(16)}\r\n${part}\r\n`).join("") + `0\r\n${trailer}\r\n`);
}

/** Feeds `encoded` to a decoder in pieces of `step` bytes, in place, and returns the data and whether it ended. */
function decodeInSteps(encoded: Buffer, step: number): { data: string; isDone: boolean } {
  const decoder = new ChunkedDecoder();
  const out: Buffer[] = [];
  for (let offset = 0; offset < encoded.length; offset += step) {
    const piece = Buffer.from(encoded.subarray(offset, offset + step));
    const n = decoder.decode(piece, 0, piece.length);
    out.push(piece.subarray(0, n));
  }
  return { data: Buffer.concat(out).toString(), isDone: decoder.isDone };
}

describe("parseResponseHead", () => {
  it("reads the status, lowercases names, keeps challenges apart and joins other repeats", () => {
    const head = parseResponseHead(
      ["HTTP/1.1 401 Unauthorized", "Content-Type: application/json", 'WWW-Authenticate: Bearer realm="a"', 'www-authenticate: Basic realm="b"', "Vary: a", "Vary: b", "Content-Length: 7"].join("\r\n"),
    );
    expect(head.status).toBe(401);
    expect(head.statusText).toBe("Unauthorized");
    expect(head.headers["content-type"]).toBe("application/json");
    expect(head.headers["content-length"]).toBe("7");
    expect(head.headers.vary).toBe("a, b");
    expect(head.distinct["www-authenticate"]).toEqual(['Bearer realm="a"', 'Basic realm="b"']);
  });

  it("refuses what is not HTTP/1.x or has a broken header line", () => {
    expect(() => parseResponseHead("SSH-2.0-OpenSSH_9.2")).toThrow(HttpFramingError);
    expect(() => parseResponseHead("HTTP/1.1 200 OK\r\nno colon here")).toThrow(HttpFramingError);
    expect(() => parseResponseHead("HTTP/1.1 200 OK\r\nbad name: x")).toThrow(HttpFramingError);
  });

  it("finds the blank line that ends a head, also when it arrives split", () => {
    const bytes = Buffer.from("HTTP/1.1 200 OK\r\nA: b\r\n\r\nbody");
    expect(findHeadEnd(bytes, 0, bytes.length)).toBe(bytes.indexOf("body"));
    expect(findHeadEnd(bytes, 0, bytes.indexOf("body") - 1)).toBe(-1);
    expect(findHeadEnd(bytes, bytes.indexOf("body") - 2, bytes.length)).toBe(bytes.indexOf("body"));
  });
});

describe("bodyFraming", () => {
  const head = (lines: string[], status = 200) => parseResponseHead([`HTTP/1.1 ${status} X`, ...lines].join("\r\n"));

  it("follows RFC 9112: HEAD, 204 and 304 have none; chunked wins over a length; else length or close", () => {
    expect(bodyFraming("HEAD", head(["Content-Length: 10"]))).toEqual({ kind: "none" });
    expect(bodyFraming("GET", head([], 204))).toEqual({ kind: "none" });
    expect(bodyFraming("GET", head([], 304))).toEqual({ kind: "none" });
    expect(bodyFraming("GET", head(["Transfer-Encoding: chunked", "Content-Length: 10"]))).toEqual({ kind: "chunked" });
    expect(bodyFraming("GET", head(["Transfer-Encoding: gzip"]))).toEqual({ kind: "close" });
    expect(bodyFraming("GET", head(["Content-Length: 10", "Content-Length: 10"]))).toEqual({ kind: "length", length: 10 });
    expect(bodyFraming("GET", head([]))).toEqual({ kind: "close" });
  });

  it("refuses conflicting or malformed lengths", () => {
    expect(() => bodyFraming("GET", head(["Content-Length: 10", "Content-Length: 11"]))).toThrow(HttpFramingError);
    expect(() => bodyFraming("GET", head(["Content-Length: -1"]))).toThrow(HttpFramingError);
    expect(() => bodyFraming("GET", head(["Content-Length: 1e3"]))).toThrow(HttpFramingError);
  });
});

describe("ChunkedDecoder", () => {
  const encoded = chunked(["hello ", "chunked ", "x".repeat(5000), "world"], "Trailer-Field: 1\r\n");
  const expected = `hello chunked ${"x".repeat(5000)}world`;

  it("decodes in place whatever the read boundaries", () => {
    for (const step of [1, 2, 3, 7, 64, 4096, encoded.length]) expect(decodeInSteps(encoded, step)).toEqual({ data: expected, isDone: true });
  });

  it("accepts chunk extensions and upper-case sizes, and is not done before the last chunk", () => {
    const decoder = new ChunkedDecoder();
    const bytes = Buffer.from("A;name=value\r\n0123456789\r\n");
    expect(decoder.decode(bytes, 0, bytes.length)).toBe(10);
    expect(bytes.subarray(0, 10).toString()).toBe("0123456789");
    expect(decoder.isDone).toBe(false);
  });

  it("refuses a malformed size or a data chunk not followed by CRLF", () => {
    expect(() => decodeInSteps(Buffer.from("zz\r\n"), 4)).toThrow(HttpFramingError);
    expect(() => decodeInSteps(Buffer.from("3\r\nabcX\r\n0\r\n\r\n"), 100)).toThrow(HttpFramingError);
    expect(() => decodeInSteps(Buffer.from("1000000000000\r\n"), 100)).toThrow(/too large/);
  });
});

describe("formatRequestHead", () => {
  it("writes the request line and fields, and refuses a value that would split the head", () => {
    expect(formatRequestHead("GET", "/v2/", { host: "r.example", "user-agent": "x" })).toBe("GET /v2/ HTTP/1.1\r\nhost: r.example\r\nuser-agent: x\r\n\r\n");
    expect(() => formatRequestHead("GET", "/", { authorization: "Bearer a\r\nX-Injected: 1" })).toThrow(HttpFramingError);
  });
});
