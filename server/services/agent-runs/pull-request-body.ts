import type { AgentRun, RunStopReason } from "../../../db/schema";
import type { Env } from "../../env.server";

/** A run a limit stopped: its work goes out as a draft pull request that says so. */
export type Incomplete = {
  stop: { reason: RunStopReason; message: string };
  files: Array<{ filePath: string; additions: number; deletions: number }>;
};

/** The pull request's description: the ticket, the agent's summary (or what was done and why it stopped) and the run's cost. */
export function pullRequestBody(options: {
  env: Env;
  run: AgentRun;
  summary: string;
  ticket: { key: string; title: string } | null;
  incomplete?: Incomplete | null;
}) {
  const { run, env, incomplete } = options;
  const lines: string[] = [];
  if (incomplete)
    lines.push(
      `> [!WARNING]`,
      `> **Incomplete.** This run stopped before the agent finished: ${incomplete.stop.message}`,
      "> The branch holds the work so far. Review it, then finish it by hand or in another run.",
      "",
    );
  if (options.ticket) {
    const [projectKey] = options.ticket.key.split("-");
    lines.push(
      `Ticket: [${options.ticket.key}](${env.APP_URL}/projects/${projectKey}?ticket=${options.ticket.key}) — ${options.ticket.title}`,
      "",
    );
  }
  if (incomplete) {
    lines.push(
      "## What was done",
      "",
      ...incomplete.files.map((file) => `- \`${file.filePath}\` (+${file.additions} −${file.deletions})`),
      "",
    );
    lines.push("## The agent's last words", "", options.summary.trim() || "_None._", "");
    lines.push("## Why it stopped", "", incomplete.stop.message, "");
  } else lines.push("## Summary", "", options.summary.trim() || "_No summary._", "");
  const cost = (run.costMicroUsd / 1_000_000).toFixed(4);
  lines.push(
    "---",
    `Run [#${run.id}](${env.APP_URL}/runs/${run.id}) · ${run.provider} \`${run.model}\` · ${run.mode} · ${run.inputTokens + run.outputTokens} tokens · $${cost}`,
    "",
    "_Opened by Assembly Lime._",
  );
  return lines.join("\n");
}
