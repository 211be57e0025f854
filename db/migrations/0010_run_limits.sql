ALTER TABLE "agent_runs" ADD COLUMN "max_turns" integer;--> statement-breakpoint
ALTER TABLE "agent_runs" ADD COLUMN "max_cost_micro_usd" bigint;--> statement-breakpoint
ALTER TABLE "agent_runs" ADD COLUMN "max_seconds" integer;--> statement-breakpoint
ALTER TABLE "agent_runs" ADD COLUMN "stop_reason" text;--> statement-breakpoint
ALTER TABLE "agent_runs" ADD COLUMN "stop_requested_at" timestamp with time zone;