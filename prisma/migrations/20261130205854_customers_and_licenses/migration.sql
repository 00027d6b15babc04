-- CreateTable
CREATE TABLE "Channel" (
    "id" UUID NOT NULL,
    "appId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "archivedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Channel_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Promotion" (
    "id" UUID NOT NULL,
    "channelId" UUID NOT NULL,
    "releaseId" UUID NOT NULL,
    "version" TEXT NOT NULL,
    "notes" TEXT NOT NULL DEFAULT '',
    "promotedById" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "demotedAt" TIMESTAMP(3),
    "demotedById" UUID,

    CONSTRAINT "Promotion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Customer" (
    "id" UUID NOT NULL,
    "appId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT,
    "channelId" UUID NOT NULL,
    "licenseType" TEXT NOT NULL DEFAULT 'dev',
    "expiresAt" TIMESTAMP(3),
    "isAirgapEnabled" BOOLEAN NOT NULL DEFAULT false,
    "licenseId" TEXT NOT NULL,
    "licenseIssuedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "archivedAt" TIMESTAMP(3),
    "createdById" UUID NOT NULL,
    "updatedById" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Customer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RevokedLicense" (
    "licenseId" TEXT NOT NULL,
    "customerId" UUID NOT NULL,
    "revokedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RevokedLicense_pkey" PRIMARY KEY ("licenseId")
);

-- CreateTable
CREATE TABLE "AppSigningKey" (
    "appId" UUID NOT NULL,
    "publicKeyPem" TEXT NOT NULL,
    "privateKeyEncrypted" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AppSigningKey_pkey" PRIMARY KEY ("appId")
);

-- CreateTable
CREATE TABLE "LicensePull" (
    "id" BIGSERIAL NOT NULL,
    "customerId" UUID NOT NULL,
    "appId" UUID NOT NULL,
    "repository" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "digest" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "clientAddress" TEXT NOT NULL,
    "userAgent" TEXT NOT NULL,
    "pulledAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LicensePull_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Channel_appId_name_key" ON "Channel"("appId", "name");

-- CreateIndex
CREATE INDEX "Promotion_channelId_createdAt_idx" ON "Promotion"("channelId", "createdAt");

-- CreateIndex
CREATE INDEX "Promotion_releaseId_idx" ON "Promotion"("releaseId");

-- CreateIndex
CREATE UNIQUE INDEX "Promotion_channelId_version_key" ON "Promotion"("channelId", "version");

-- CreateIndex
CREATE UNIQUE INDEX "Customer_licenseId_key" ON "Customer"("licenseId");

-- CreateIndex
CREATE INDEX "Customer_appId_createdAt_idx" ON "Customer"("appId", "createdAt");

-- CreateIndex
CREATE INDEX "Customer_channelId_idx" ON "Customer"("channelId");

-- CreateIndex
CREATE INDEX "RevokedLicense_customerId_idx" ON "RevokedLicense"("customerId");

-- CreateIndex
CREATE INDEX "LicensePull_customerId_pulledAt_idx" ON "LicensePull"("customerId", "pulledAt");

-- CreateIndex
CREATE INDEX "LicensePull_appId_digest_idx" ON "LicensePull"("appId", "digest");

-- CreateIndex
CREATE INDEX "LicensePull_pulledAt_idx" ON "LicensePull"("pulledAt");

-- AddForeignKey
ALTER TABLE "Channel" ADD CONSTRAINT "Channel_appId_fkey" FOREIGN KEY ("appId") REFERENCES "App"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Promotion" ADD CONSTRAINT "Promotion_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "Channel"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Promotion" ADD CONSTRAINT "Promotion_releaseId_fkey" FOREIGN KEY ("releaseId") REFERENCES "Release"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Promotion" ADD CONSTRAINT "Promotion_promotedById_fkey" FOREIGN KEY ("promotedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Promotion" ADD CONSTRAINT "Promotion_demotedById_fkey" FOREIGN KEY ("demotedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Customer" ADD CONSTRAINT "Customer_appId_fkey" FOREIGN KEY ("appId") REFERENCES "App"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Customer" ADD CONSTRAINT "Customer_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "Channel"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Customer" ADD CONSTRAINT "Customer_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Customer" ADD CONSTRAINT "Customer_updatedById_fkey" FOREIGN KEY ("updatedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RevokedLicense" ADD CONSTRAINT "RevokedLicense_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AppSigningKey" ADD CONSTRAINT "AppSigningKey_appId_fkey" FOREIGN KEY ("appId") REFERENCES "App"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LicensePull" ADD CONSTRAINT "LicensePull_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LicensePull" ADD CONSTRAINT "LicensePull_appId_fkey" FOREIGN KEY ("appId") REFERENCES "App"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Every existing application gets the channels new applications are created with.
INSERT INTO "Channel" ("id", "appId", "name", "position")
SELECT gen_random_uuid(), "App"."id", defaults.name, defaults.position
FROM "App" CROSS JOIN (VALUES ('Stable', 0), ('Beta', 1), ('Unstable', 2)) AS defaults(name, position);
