-- AlterTable
ALTER TABLE "AuditLog" ADD COLUMN     "hash" BYTEA,
ADD COLUMN     "seq" BIGINT;

-- CreateIndex
CREATE UNIQUE INDEX "AuditLog_seq_key" ON "AuditLog"("seq");

-- Rows waiting to be sealed, found without scanning the sealed ones.
CREATE INDEX "AuditLog_unsealed_idx" ON "AuditLog"("id") WHERE "seq" IS NULL;

-- What a link hashes: every column but the hash itself, as JSON (jsonb's text form is normalised)
-- with the time in epoch milliseconds, so the result does not depend on the session's time zone.
CREATE FUNCTION "audit_log_content"(r "AuditLog") RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
  SELECT convert_to(json_build_array(
    r."id", (extract(epoch FROM r."at") * 1000)::bigint, r."actorUserId", r."actorTokenId", r."action",
    r."entityType", r."entityId", r."before", r."after", r."requestId", r."seq")::text, 'UTF8')
$$;

-- Seals unsealed rows in id order onto the end of the chain. Sealing after the fact (rather than in
-- the writing transaction) keeps writers from queueing on the chain's tail; a row whose transaction
-- commits late is simply sealed in a later round. One sealer at a time.
CREATE FUNCTION "audit_log_seal"(batch integer DEFAULT 5000) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  last_seq bigint;
  last_hash bytea;
  r "AuditLog";
  n integer := 0;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('AuditLog.seal'));
  SELECT "seq", "hash" INTO last_seq, last_hash FROM "AuditLog" WHERE "seq" IS NOT NULL ORDER BY "seq" DESC LIMIT 1;
  last_seq := coalesce(last_seq, 0);
  last_hash := coalesce(last_hash, ''::bytea);
  FOR r IN SELECT * FROM "AuditLog" WHERE "seq" IS NULL ORDER BY "id" LIMIT batch LOOP
    last_seq := last_seq + 1;
    r."seq" := last_seq;
    last_hash := sha256(last_hash || "audit_log_content"(r));
    UPDATE "AuditLog" SET "seq" = last_seq, "hash" = last_hash WHERE "id" = r."id";
    n := n + 1;
  END LOOP;
  RETURN n;
END;
$$;

-- Walks the chain from the start; returns how many links held and, if one did not, the first broken
-- position (a changed row, a removed row leaving a gap, or a forged hash).
CREATE FUNCTION "audit_log_verify"() RETURNS TABLE("checked" bigint, "brokenSeq" bigint, "brokenId" bigint) LANGUAGE plpgsql AS $$
DECLARE
  prev bytea := ''::bytea;
  expected bigint := 0;
  r "AuditLog";
BEGIN
  "checked" := 0;
  FOR r IN SELECT * FROM "AuditLog" WHERE "seq" IS NOT NULL ORDER BY "seq" LOOP
    expected := expected + 1;
    IF r."seq" <> expected OR r."hash" IS DISTINCT FROM sha256(prev || "audit_log_content"(r)) THEN
      "brokenSeq" := expected;
      "brokenId" := r."id";
      RETURN NEXT;
      RETURN;
    END IF;
    prev := r."hash";
    "checked" := "checked" + 1;
  END LOOP;
  RETURN NEXT;
END;
$$;

-- Still append-only; the one change allowed is sealing: giving an unsealed row its place and hash,
-- with every other column as it was.
CREATE OR REPLACE FUNCTION "audit_log_is_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD."seq" IS NULL AND NEW."seq" IS NOT NULL AND NEW."hash" IS NOT NULL
     AND (to_jsonb(NEW) - 'seq' - 'hash') = (to_jsonb(OLD) - 'seq' - 'hash') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'AuditLog is append-only (% refused)', TG_OP;
END;
$$;
