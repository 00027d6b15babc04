/**
 * The S3 client as the storage driver uses it, and the small helpers around it: the
 * settings, a client configured for S3-compatible stores such as Ceph RGW, not-found
 * detection, bucket creation, and waiting for a slow reader.
 */
import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import type { Writable } from "node:stream";
import { CreateBucketCommand, HeadBucketCommand, S3Client } from "@aws-sdk/client-s3";

export interface S3StorageConfig {
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle: boolean;
  /** Key prefix ("" or ending in "/"). */
  prefix: string;
}

/** Whether an S3 error means "no such key, upload or bucket". */
export function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === "NoSuchKey" || e?.name === "NotFound" || e?.name === "NoSuchUpload" || e?.$metadata?.httpStatusCode === 404;
}

/** Resolves when `destination` wants more; rejects like a broken pipe when it closes or fails first. */
export function waitForDrain(destination: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error?: Error) => {
      destination.off("drain", onDrain);
      destination.off("close", onClose);
      destination.off("error", done);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = () => done();
    const onClose = () => done(Object.assign(new Error("the destination closed"), { code: "ERR_STREAM_PREMATURE_CLOSE" }));
    destination.on("drain", onDrain);
    destination.on("close", onClose);
    destination.on("error", done);
  });
}

/** Builds a client with the settings RGW needs: path style, no trailing checksums (RGW 16 refuses them), kept-alive sockets. */
export function createS3Client(config: S3StorageConfig): S3Client {
  const agentOptions = { keepAlive: true, maxSockets: 64 };
  return new S3Client({
    endpoint: config.endpoint,
    region: config.region,
    forcePathStyle: config.forcePathStyle,
    credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    requestHandler: { httpAgent: new HttpAgent(agentOptions), httpsAgent: new HttpsAgent(agentOptions) },
  });
}

/** Creates the bucket when it does not exist yet (tests, benchmarks, a first start against an empty store). */
export async function ensureBucket(client: S3Client, bucket: string): Promise<void> {
  try {
    await client.send(new HeadBucketCommand({ Bucket: bucket }));
  } catch (error) {
    if (!isNotFound(error)) throw error;
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
  }
}
