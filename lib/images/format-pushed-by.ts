/** "Pushed by" in words: the registry records an e-mail, or `token:<name>` for a personal access token. */

/** `jane@example.com` stays as is; `token:ci` reads "ci (token)"; nothing recorded reads "—". */
export function formatPushedBy(pushedBy: string | null | undefined): string {
  if (!pushedBy) return "—";
  if (pushedBy.startsWith("token:")) return `${pushedBy.slice("token:".length) || "unnamed"} (token)`;
  return pushedBy;
}
