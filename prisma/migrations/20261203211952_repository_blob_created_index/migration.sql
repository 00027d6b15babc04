-- The links created since a time, for a team's quota estimate (lib/quotas/team-usage.ts):
-- a range of this index instead of every link of the team on each upload request.
-- CreateIndex
CREATE INDEX "RepositoryBlob_createdAt_idx" ON "RepositoryBlob"("createdAt");
