ALTER TABLE "agent_runs" ADD COLUMN "dispatch_job_id" uuid;--> statement-breakpoint
ALTER TABLE "agent_runs" ADD COLUMN "redispatch_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "agent_runs_queued_idx" ON "agent_runs" USING btree ("updated_at") WHERE status = 'queued';