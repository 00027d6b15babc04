/**
 * Sealing and opening a registry's stored password or token. The registry's id is the
 * associated data, so a ciphertext copied onto another registry's row does not open.
 */
import { AppError } from "@/lib/errors";
import { decryptSecret, encryptSecret, SecretBoxError } from "@/lib/external/secret-box";

/** Encrypts a secret for the registry with this id (create the id first, then seal). */
export function sealRegistrySecret(secret: string, registryId: string, key: Buffer): string {
  return encryptSecret(secret, key, registryId);
}

/**
 * Decrypts a registry's stored secret. A failure (the operator changed SECRETS_KEY, or
 * the row was tampered with) becomes an error that says what to do and holds no data.
 */
export function openRegistrySecret(registry: { id: string; name: string; secretEncrypted: string }, key: Buffer): string {
  try {
    return decryptSecret(registry.secretEncrypted, key, registry.id);
  } catch (error) {
    if (!(error instanceof SecretBoxError)) throw error;
    throw new AppError(
      "internal",
      `The stored password of registry "${registry.name}" cannot be decrypted with this server's secrets key ` +
        "(was SECRETS_KEY or secrets.json changed?). Edit the registry and enter the password again.",
    );
  }
}
