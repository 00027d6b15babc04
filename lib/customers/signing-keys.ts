/**
 * Each application's Ed25519 key pair for license files, made on first use. The private
 * key is sealed at rest with the secrets key (AES-256-GCM, associated data naming the
 * app), like external-registry passwords; the public key is published for installers.
 */
import { createPrivateKey, generateKeyPairSync, sign, verify, createPublicKey } from "node:crypto";
import { loadServerSecrets } from "@/lib/config/secrets";
import { prisma } from "@/lib/db/client";
import { decryptSecret, encryptSecret } from "@/lib/external/secret-box";

/** Associated data for the sealed private key: a ciphertext copied to another app does not open. */
function sealContext(appId: string): string {
  return `app-signing-key:${appId}`;
}

/** The app's public key as PEM (SPKI), creating the key pair when the app has none yet. */
export async function getLicensePublicKey(appId: string): Promise<string> {
  return (await loadOrCreateKey(appId)).publicKeyPem;
}

/** Signs `message` with the app's private key; base64 of the 64-byte Ed25519 signature. */
export async function signWithAppKey(appId: string, message: string, secretsKey = loadServerSecrets().secretsKey): Promise<string> {
  const row = await loadOrCreateKey(appId, secretsKey);
  const privateKey = createPrivateKey(decryptSecret(row.privateKeyEncrypted, secretsKey, sealContext(appId)));
  return sign(null, Buffer.from(message, "utf8"), privateKey).toString("base64");
}

/** Whether `signature` (base64) is the app key's signature of `message`. */
export function verifyWithPublicKey(publicKeyPem: string, message: string, signature: string): boolean {
  try {
    return verify(null, Buffer.from(message, "utf8"), createPublicKey(publicKeyPem), Buffer.from(signature, "base64"));
  } catch {
    return false;
  }
}

/** Reads the app's key row; two first uses at once both end up with the one row that won the insert. */
async function loadOrCreateKey(appId: string, secretsKey?: Buffer): Promise<{ publicKeyPem: string; privateKeyEncrypted: string }> {
  const select = { publicKeyPem: true, privateKeyEncrypted: true } as const;
  const existing = await prisma.appSigningKey.findUnique({ where: { appId }, select });
  if (existing) return existing;
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const privateKeyPem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  await prisma.appSigningKey.createMany({
    data: {
      appId,
      publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
      privateKeyEncrypted: encryptSecret(privateKeyPem, secretsKey ?? loadServerSecrets().secretsKey, sealContext(appId)),
    },
    skipDuplicates: true,
  });
  return prisma.appSigningKey.findUniqueOrThrow({ where: { appId }, select });
}
