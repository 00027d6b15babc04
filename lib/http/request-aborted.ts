/**
 * Whether `error` is Node's own signal that the client closed the connection before the
 * server had read its whole request (the http server's "aborted" error). Its code is
 * ECONNRESET, the same code a lost database connection carries, so it must be told apart
 * first: it says nothing about the database, and nobody is left to answer.
 */
export function isRequestAborted(error: unknown): boolean {
  if (!(error instanceof Error) || error.message !== "aborted") return false;
  const code = (error as NodeJS.ErrnoException).code;
  return code === "ECONNRESET" || code === undefined;
}
