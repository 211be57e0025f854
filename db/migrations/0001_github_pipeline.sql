ALTER TABLE "agent_run_repos" ADD COLUMN "checks_status" text;--> statement-breakpoint
ALTER TABLE "agent_run_repos" ADD COLUMN "head_sha" text;--> statement-breakpoint
ALTER TABLE "agent_runs" ADD COLUMN "feature_id" bigint;