ALTER TABLE "agent_runs" ADD COLUMN "cache_write_tokens" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "agent_runs" ADD COLUMN "cache_read_tokens" bigint DEFAULT 0 NOT NULL;