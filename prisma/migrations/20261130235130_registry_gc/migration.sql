-- AlterTable
ALTER TABLE "RepositoryBlob" ADD COLUMN     "referencedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- CreateTable
CREATE TABLE "AppGcPolicy" (
    "appId" UUID NOT NULL,
    "pruneUntagged" BOOLEAN NOT NULL DEFAULT false,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AppGcPolicy_pkey" PRIMARY KEY ("appId")
);

-- CreateTable
CREATE TABLE "GcRun" (
    "id" UUID NOT NULL,
    "appId" UUID,
    "dryRun" BOOLEAN NOT NULL,
    "trigger" TEXT NOT NULL,
    "blobsDeleted" INTEGER NOT NULL,
    "bytesDeleted" BIGINT NOT NULL,
    "manifestsDeleted" INTEGER NOT NULL,
    "bytesBefore" BIGINT NOT NULL,
    "bytesAfter" BIGINT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "GcRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "GcRun_appId_startedAt_idx" ON "GcRun"("appId", "startedAt");

-- AddForeignKey
ALTER TABLE "AppGcPolicy" ADD CONSTRAINT "AppGcPolicy_appId_fkey" FOREIGN KEY ("appId") REFERENCES "App"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GcRun" ADD CONSTRAINT "GcRun_appId_fkey" FOREIGN KEY ("appId") REFERENCES "App"("id") ON DELETE CASCADE ON UPDATE CASCADE;
