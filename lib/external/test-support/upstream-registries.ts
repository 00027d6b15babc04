/**
 * Two real third-party registries for tests, sharing one storage folder: Debian's
 * docker-registry with htpasswd (Basic) auth and with token (Bearer) auth behind a
 * realm served here, holding one image pushed by skopeo as `acme/app:<tag>`.
 */
import path from "node:path";
import { makeTempDir, pushWithSkopeo, removeDir, startDockerRegistry, writeOciLayout, type RunningRegistry } from "./docker-registry";
import { startTokenRealm, type TokenRealm } from "./token-realm";

export interface UpstreamRegistries {
  basicRegistry: RunningRegistry;
  tokenRegistry: RunningRegistry;
  realm: TokenRealm;
  manifestDigest: string;
  /** The temporary folder holding their storage and configuration. */
  dir: string;
  stop: () => Promise<void>;
}

export interface UpstreamRegistriesOptions {
  prefix: string;
  username: string;
  password: string;
  tag: string;
  /** Keep both registries' access and info logs (RunningRegistry.logs). */
  logs?: boolean;
}

export async function startUpstreamRegistries(options: UpstreamRegistriesOptions): Promise<UpstreamRegistries> {
  const dir = await makeTempDir(options.prefix);
  const started: { stop: () => Promise<void> }[] = [];
  const stop = async () => {
    await Promise.all(started.map((item) => item.stop()));
    await removeDir(dir);
  };
  try {
    const storageDir = path.join(dir, "storage");
    const basicRegistry = await startDockerRegistry({ dir, storageDir, auth: { kind: "htpasswd", username: options.username, password: options.password }, logs: options.logs });
    started.push(basicRegistry);
    const layoutDir = path.join(dir, "layout");
    const { manifestDigest } = await writeOciLayout(layoutDir, options.tag);
    await pushWithSkopeo(layoutDir, options.tag, `${basicRegistry.endpoint}/acme/app:${options.tag}`, `${options.username}:${options.password}`);
    const realm = await startTokenRealm(dir, { username: options.username, password: options.password });
    started.push(realm);
    // The token registry serves the same storage, so the pushed image is there too.
    const tokenRegistry = await startDockerRegistry({
      dir,
      storageDir,
      auth: { kind: "token", realm: realm.url, service: realm.service, issuer: realm.issuer, rootCertBundle: realm.rootCertBundle },
      logs: options.logs,
    });
    started.push(tokenRegistry);
    return { basicRegistry, tokenRegistry, realm, manifestDigest, dir, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
