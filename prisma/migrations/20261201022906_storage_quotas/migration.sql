-- AlterTable
ALTER TABLE "Team" ADD COLUMN     "storageQuota" BIGINT;

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "isInstanceAdmin" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "UploadSession" ADD COLUMN     "openedBy" TEXT;

-- CreateIndex
CREATE INDEX "UploadSession_openedBy_updatedAt_idx" ON "UploadSession"("openedBy", "updatedAt");

-- The instance administrator is the first account created. Existing installations: the
-- oldest account. New accounts: a trigger sets the flag on the first insert, under an
-- advisory lock so two simultaneous first sign-ups cannot both become administrator.
UPDATE "User" SET "isInstanceAdmin" = true
WHERE id = (SELECT id FROM "User" ORDER BY "createdAt", id LIMIT 1);

CREATE FUNCTION "user_first_is_instance_admin"() RETURNS trigger AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM "User" WHERE "isInstanceAdmin") THEN
        PERFORM pg_advisory_xact_lock(hashtext('slipway.instance-admin'));
        IF NOT EXISTS (SELECT 1 FROM "User" WHERE "isInstanceAdmin") THEN
            NEW."isInstanceAdmin" := true;
        END IF;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "User_first_is_instance_admin" BEFORE INSERT ON "User"
    FOR EACH ROW EXECUTE FUNCTION "user_first_is_instance_admin"();
