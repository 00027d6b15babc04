/** Customer-side routes take the license ID as `Authorization: Bearer <license ID>`. */
import { unauthorized } from "@/lib/errors";

/** The license ID from the Authorization header; `unauthorized` explaining the form when absent. */
export function readLicenseBearer(request: Request): string {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "");
  if (!match) throw unauthorized("Send the license ID as `Authorization: Bearer <license ID>`.");
  return match[1]!;
}
