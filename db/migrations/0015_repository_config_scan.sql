ALTER TABLE "repositories" ADD COLUMN "config_scan_status" text;--> statement-breakpoint
ALTER TABLE "repositories" ADD COLUMN "config_scan_error" text;--> statement-breakpoint
ALTER TABLE "repositories" ADD COLUMN "config_scanned_at" timestamp with time zone;--> statement-breakpoint
-- Repositories scanned before the scan kept its state: done, as of their newest config.
UPDATE "repositories" SET "config_scan_status" = 'done', "config_scanned_at" = "scanned"."at" FROM (SELECT "repository_id", max("scanned_at") AS "at" FROM "repository_configs" GROUP BY "repository_id") AS "scanned" WHERE "scanned"."repository_id" = "repositories"."id";
