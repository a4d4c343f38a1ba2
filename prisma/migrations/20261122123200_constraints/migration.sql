-- Rules the Prisma schema language cannot express. The schema diff ignores CHECK constraints and
-- triggers, so these stay in place across later generated migrations.

ALTER TABLE "Region" ADD CONSTRAINT "Region_code_format" CHECK ("code" ~ '^[0-9]{6}$');
ALTER TABLE "Region" ADD CONSTRAINT "Region_path_ends_with_code" CHECK ("path" = "code" OR "path" LIKE '%/' || "code");
ALTER TABLE "Region" ADD CONSTRAINT "Region_not_own_parent" CHECK ("parentId" IS NULL OR "parentId" <> "id");

ALTER TABLE "ElderlyPopulationStat" ADD CONSTRAINT "ElderlyPopulationStat_count_nonnegative" CHECK ("count" >= 0);
ALTER TABLE "ElderlyPopulationStat" ADD CONSTRAINT "ElderlyPopulationStat_year_range" CHECK ("year" BETWEEN 1950 AND 2100);

ALTER TABLE "Organisation" ADD CONSTRAINT "Organisation_uscc_format" CHECK ("uscc" ~ '^[0-9A-HJ-NPQRTUWXY]{18}$');
ALTER TABLE "Organisation" ADD CONSTRAINT "Organisation_beds_nonnegative" CHECK ("beds" IS NULL OR "beds" >= 0);

ALTER TABLE "User" ADD CONSTRAINT "User_username_lowercase" CHECK ("username" = lower("username") AND length("username") BETWEEN 1 AND 64);

-- The scope of a membership follows from its role: staff belong to an organisation, bureaus to a region.
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_scope_matches_role" CHECK (
  CASE
    WHEN "role" IN ('CAREGIVER', 'ADMIN') THEN "organisationId" IS NULL AND "regionId" IS NULL
    WHEN "role" IN ('COLLEGE_STAFF', 'TRAINING_PROVIDER_STAFF', 'ASSESSOR', 'INSTITUTION_STAFF') THEN "organisationId" IS NOT NULL AND "regionId" IS NULL
    ELSE "regionId" IS NOT NULL AND "organisationId" IS NULL
  END
);
-- NULLs are distinct in the composite unique index; this one treats them as equal.
CREATE UNIQUE INDEX "Membership_unique_scope" ON "Membership" ("userId", "role", "organisationId", "regionId") NULLS NOT DISTINCT;

ALTER TABLE "Caregiver" ADD CONSTRAINT "Caregiver_phone_format" CHECK ("phone" IS NULL OR "phone" ~ '^1[3-9][0-9]{9}$');
ALTER TABLE "Caregiver" ADD CONSTRAINT "Caregiver_blind_index_length" CHECK (octet_length("residentIdHash") = 32);
ALTER TABLE "Caregiver" ADD CONSTRAINT "Caregiver_masked_id_format" CHECK ("residentIdMasked" ~ '^[0-9]{4}\*{10}[0-9]{3}[0-9X]$');

ALTER TABLE "Employment" ADD CONSTRAINT "Employment_dates_ordered" CHECK ("endDate" IS NULL OR "endDate" >= "startDate");

ALTER TABLE "EmploymentMonth" ADD CONSTRAINT "EmploymentMonth_attendance_range" CHECK ("attendanceDays" BETWEEN 0 AND 31);
ALTER TABLE "EmploymentMonth" ADD CONSTRAINT "EmploymentMonth_first_of_month" CHECK (EXTRACT(DAY FROM "month") = 1);

ALTER TABLE "BackgroundJob" ADD CONSTRAINT "BackgroundJob_progress_nonnegative" CHECK ("progress" >= 0 AND ("total" IS NULL OR "total" >= 0));
ALTER TABLE "LoginThrottle" ADD CONSTRAINT "LoginThrottle_failures_nonnegative" CHECK ("failures" >= 0);

-- The audit log is append-only: no row may change or disappear, whoever asks.
CREATE FUNCTION "audit_log_is_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'AuditLog is append-only (% refused)', TG_OP;
END;
$$;
CREATE TRIGGER "AuditLog_no_update_or_delete" BEFORE UPDATE OR DELETE ON "AuditLog" FOR EACH ROW EXECUTE FUNCTION "audit_log_is_append_only"();
CREATE TRIGGER "AuditLog_no_truncate" BEFORE TRUNCATE ON "AuditLog" FOR EACH STATEMENT EXECUTE FUNCTION "audit_log_is_append_only"();
