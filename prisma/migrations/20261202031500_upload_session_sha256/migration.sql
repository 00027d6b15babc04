-- The sha256 of a session's bytes, when the chunk that began the session carried them all:
-- kept with the size it describes (one statement releases both), so completing the upload
-- neither reads the bytes again nor a note beside them in storage.
-- AlterTable
ALTER TABLE "UploadSession" ADD COLUMN     "sha256" TEXT;
