-- Registry change feed (lib/registry/db/change-feed.ts): every committed change to a table
-- that a registry instance may keep answers from is announced on one channel, with the
-- table's name as the payload, so every instance drops what it kept. Statement triggers:
-- one notification per statement, and PostgreSQL folds identical ones within a transaction.
CREATE FUNCTION "registry_notify_change"() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('slipway_registry_changes', TG_TABLE_NAME);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "Repository_notify_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Repository"
    FOR EACH STATEMENT EXECUTE FUNCTION "registry_notify_change"();
CREATE TRIGGER "Manifest_notify_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Manifest"
    FOR EACH STATEMENT EXECUTE FUNCTION "registry_notify_change"();
CREATE TRIGGER "Tag_notify_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Tag"
    FOR EACH STATEMENT EXECUTE FUNCTION "registry_notify_change"();
CREATE TRIGGER "Team_notify_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Team"
    FOR EACH STATEMENT EXECUTE FUNCTION "registry_notify_change"();
CREATE TRIGGER "App_notify_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "App"
    FOR EACH STATEMENT EXECUTE FUNCTION "registry_notify_change"();
CREATE TRIGGER "Membership_notify_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Membership"
    FOR EACH STATEMENT EXECUTE FUNCTION "registry_notify_change"();
CREATE TRIGGER "User_notify_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "User"
    FOR EACH STATEMENT EXECUTE FUNCTION "registry_notify_change"();
-- Not on "lastUsedAt" alone: every use of a token writes it, and no registry answer depends on it.
CREATE TRIGGER "AccessToken_notify_change"
    AFTER INSERT OR UPDATE OF "userId", "serviceAccountId", "teamId", "tokenHash", "scopes", "expiresAt", "revokedAt" OR DELETE OR TRUNCATE ON "AccessToken"
    FOR EACH STATEMENT EXECUTE FUNCTION "registry_notify_change"();
CREATE TRIGGER "ServiceAccount_notify_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "ServiceAccount"
    FOR EACH STATEMENT EXECUTE FUNCTION "registry_notify_change"();
