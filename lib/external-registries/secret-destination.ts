/**
 * A stored password or token is only ever sent to the server it was entered for.
 * Without this rule any team member could point a registry at a server of their own,
 * press "Test connection" and read the stored secret off the wire, defeating the
 * promise that no one sees it again.
 */
import { invalidInput } from "@/lib/errors";
import { resolveApiBase } from "@/lib/external/endpoint";

/** True when both stored endpoints talk to the same scheme, host and port (namespaces may differ). */
export function isSameServer(storedEndpoint: string, nextEndpoint: string): boolean {
  return resolveApiBase(storedEndpoint) === resolveApiBase(nextEndpoint);
}

/**
 * Throws `invalid_input` on `password` when an edit moves the endpoint to another
 * server but leaves the password blank (keep), because the kept secret would follow it.
 */
export function requireSecretForNewServer(storedEndpoint: string, change: { endpoint?: string; password?: string }): void {
  if (change.endpoint === undefined || change.password || isSameServer(storedEndpoint, change.endpoint)) return;
  throw invalidInput(
    "password",
    `enter the password or token again: the endpoint now points at ${resolveApiBase(change.endpoint)} instead of ${resolveApiBase(storedEndpoint)}, ` +
      "and a stored secret is only sent to the server it was entered for",
  );
}
