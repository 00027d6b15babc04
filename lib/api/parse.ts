/** Request parsing for /api/v1 handlers: bodies and queries are validated with zod. */
import type { z } from "zod";
import { AppError } from "@/lib/errors";
import { findControlCharacterIn } from "@/lib/text/control-characters";
import { appErrorFromZod } from "./error-response";

export const MAX_JSON_BODY_BYTES = 1024 * 1024;

/** Reads at most `limit` bytes of the body as text; a larger body is refused, not truncated. */
export async function readBodyText(request: Request, limit = MAX_JSON_BODY_BYTES): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limit) throw new AppError("payload_too_large", `The request body is over ${limit} bytes.`);
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new AppError("payload_too_large", `The request body is over ${limit} bytes.`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** The JSON body, validated; a missing or malformed body is `invalid_input`. */
export async function parseJsonBody<S extends z.ZodType>(request: Request, schema: S, limit = MAX_JSON_BODY_BYTES): Promise<z.infer<S>> {
  const text = await readBodyText(request, limit);
  let value: unknown;
  try {
    value = text.trim() === "" ? {} : JSON.parse(text);
  } catch {
    throw new AppError("invalid_input", "body: is not valid JSON; send a JSON object with Content-Type: application/json.", {
      details: [{ path: "body", issue: "not valid JSON" }],
    });
  }
  refuseControlCharacters(value, "body");
  const result = schema.safeParse(value);
  if (!result.success) throw appErrorFromZod(result.error);
  return result.data;
}

/** Input holding a control character is refused with its place, before it can reach the database. */
function refuseControlCharacters(value: unknown, where: "body" | "query"): void {
  const found = findControlCharacterIn(value);
  if (!found) return;
  const path = `${where}.${found.path}`;
  throw new AppError("invalid_input", `${path}: contains the control character ${found.character}; remove it and send the request again.`, {
    details: [{ path, issue: `contains the control character ${found.character}` }],
  });
}

/** The query string, validated. */
export function parseQuery<S extends z.ZodType>(request: Request, schema: S): z.infer<S> {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  refuseControlCharacters(params, "query");
  const result = schema.safeParse(params);
  if (!result.success) throw appErrorFromZod(result.error);
  return result.data;
}
