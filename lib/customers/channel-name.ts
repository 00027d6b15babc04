/** Channel names: short labels that also appear in URLs (`/channels/{name}`) and license files. */

export const DEFAULT_CHANNELS = ["Stable", "Beta", "Unstable"] as const;
export const MAX_CHANNEL_NAME_LENGTH = 50;
const CHANNEL_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9 ._-]*$/;

/** Why `name` is not a valid channel name, or null. */
export function explainChannelName(name: string): string | null {
  if (name.length === 0) return "enter a name";
  if (name.length > MAX_CHANNEL_NAME_LENGTH) return `must be at most ${MAX_CHANNEL_NAME_LENGTH} characters`;
  if (!CHANNEL_NAME_PATTERN.test(name)) return "must start with a letter or digit and use only letters, digits, spaces, dots, dashes and underscores";
  if (name !== name.trim()) return "must not start or end with a space";
  return null;
}
