-- AlterTable
ALTER TABLE "Channel" ADD COLUMN     "airgapBuildOnPromotion" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "AirgapBundle" (
    "id" UUID NOT NULL,
    "releaseId" UUID NOT NULL,
    "status" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL DEFAULT 1,
    "imagesDone" INTEGER NOT NULL DEFAULT 0,
    "imagesTotal" INTEGER NOT NULL DEFAULT 0,
    "bytes" BIGINT NOT NULL DEFAULT 0,
    "bytesTotal" BIGINT NOT NULL DEFAULT 0,
    "blobDigest" TEXT,
    "size" BIGINT,
    "error" TEXT,
    "failedImage" TEXT,
    "log" TEXT NOT NULL DEFAULT '',
    "uploadId" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "heartbeatAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "AirgapBundle_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AirgapBundle_releaseId_key" ON "AirgapBundle"("releaseId");

-- CreateIndex
CREATE INDEX "AirgapBundle_blobDigest_idx" ON "AirgapBundle"("blobDigest");

-- AddForeignKey
ALTER TABLE "AirgapBundle" ADD CONSTRAINT "AirgapBundle_releaseId_fkey" FOREIGN KEY ("releaseId") REFERENCES "Release"("id") ON DELETE CASCADE ON UPDATE CASCADE;
