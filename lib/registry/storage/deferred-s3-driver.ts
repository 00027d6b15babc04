/**
 * The S3 driver, loaded on first use: the AWS SDK is tens of megabytes of code, and an
 * installation on the filesystem driver (the default) should not carry it in memory.
 * Every call waits for the module once, then forwards.
 */
import type { Readable, Writable } from "node:stream";
import type { ByteRange, StorageDriver, UploadArea } from "@/lib/registry/storage/driver";
import type { S3StorageConfig, S3StorageDriver } from "@/lib/registry/storage/s3-driver";

export class DeferredS3StorageDriver implements StorageDriver {
  readonly name = "s3";
  readonly statsLocally = false;
  private loading: Promise<S3StorageDriver> | null = null;

  constructor(private readonly config: S3StorageConfig) {}

  private load(): Promise<S3StorageDriver> {
    this.loading ??= import("@/lib/registry/storage/s3-driver").then((module) => new module.S3StorageDriver(this.config));
    return this.loading;
  }

  async statBlob(digest: string): Promise<{ size: number } | null> {
    return (await this.load()).statBlob(digest);
  }
  async readBlob(digest: string, range?: ByteRange): Promise<Readable | null> {
    return (await this.load()).readBlob(digest, range);
  }
  async sendBlob(digest: string, destination: Writable, range?: ByteRange): Promise<boolean> {
    return (await this.load()).sendBlob(digest, destination, range);
  }
  async presignBlob(digest: string, expiresInSeconds: number): Promise<string> {
    return (await this.load()).presignBlob(digest, expiresInSeconds);
  }
  async deleteBlob(digest: string): Promise<void> {
    return (await this.load()).deleteBlob(digest);
  }
  async *listBlobs(): AsyncGenerator<{ digest: string; modifiedAt: Date }> {
    yield* (await this.load()).listBlobs();
  }
  async createUpload(id: string): Promise<void> {
    return (await this.load()).createUpload(id);
  }
  async writeUpload(id: string, offset: number, source: AsyncIterable<Uint8Array>): Promise<number> {
    return (await this.load()).writeUpload(id, offset, source);
  }
  async readUpload(id: string, length: number): Promise<Readable> {
    return (await this.load()).readUpload(id, length);
  }
  async commitUpload(id: string, digest: string, size: number): Promise<boolean> {
    return (await this.load()).commitUpload(id, digest, size);
  }
  async deleteUpload(id: string): Promise<void> {
    return (await this.load()).deleteUpload(id);
  }
  async listUploads(): Promise<UploadArea[]> {
    return (await this.load()).listUploads();
  }
}
