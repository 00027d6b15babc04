-- CreateTable
CREATE TABLE "ProxyRepository" (
    "repositoryId" UUID NOT NULL,
    "registryId" UUID,
    "upstreamRepository" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProxyRepository_pkey" PRIMARY KEY ("repositoryId")
);

-- CreateTable
CREATE TABLE "ProxyTag" (
    "repositoryId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "digest" TEXT NOT NULL,
    "checkedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProxyTag_pkey" PRIMARY KEY ("repositoryId","name")
);

-- CreateTable
CREATE TABLE "ProxyRegistryStats" (
    "registryId" UUID NOT NULL,
    "hits" BIGINT NOT NULL DEFAULT 0,
    "misses" BIGINT NOT NULL DEFAULT 0,
    "upstreamErrors" BIGINT NOT NULL DEFAULT 0,
    "staleServed" BIGINT NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "lastErrorAt" TIMESTAMP(3),
    "rateLimitRemaining" INTEGER,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProxyRegistryStats_pkey" PRIMARY KEY ("registryId")
);

-- CreateIndex
CREATE INDEX "ProxyRepository_registryId_idx" ON "ProxyRepository"("registryId");

-- AddForeignKey
ALTER TABLE "ProxyRepository" ADD CONSTRAINT "ProxyRepository_repositoryId_fkey" FOREIGN KEY ("repositoryId") REFERENCES "Repository"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProxyRepository" ADD CONSTRAINT "ProxyRepository_registryId_fkey" FOREIGN KEY ("registryId") REFERENCES "ExternalRegistry"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProxyTag" ADD CONSTRAINT "ProxyTag_repositoryId_fkey" FOREIGN KEY ("repositoryId") REFERENCES "ProxyRepository"("repositoryId") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProxyRegistryStats" ADD CONSTRAINT "ProxyRegistryStats_registryId_fkey" FOREIGN KEY ("registryId") REFERENCES "ExternalRegistry"("id") ON DELETE CASCADE ON UPDATE CASCADE;
