import type { TaskResult } from "./run-task";

/** A task's line: `name=value` pairs, as the benches print, so runs can be compared with grep. */
export function taskLine(result: TaskResult) {
  return [
    `eval_task=${result.name}`,
    `solved=${result.solved}`,
    `turns=${result.turns}`,
    `fresh_tokens=${result.freshTokens}`,
    `cached_tokens=${result.cachedTokens}`,
    `output_tokens=${result.outputTokens}`,
    `cost_usd=${result.costUsd.toFixed(4)}`,
    `wall_ms=${result.wallMs}`,
    `files_changed=${result.filesChanged}`,
    `ended_by=${result.endedBy}`,
  ].join(" ");
}

/** A task the harness could not run: the model call failed, or the task itself is broken. */
export function errorLine(name: string, error: unknown) {
  const message = error instanceof Error ? error.message : String(error);
  return `eval_task=${name} error=${JSON.stringify(message.replace(/\s+/g, " ").trim())}`;
}

/** The totals, one per line. The cached share is of all prompt tokens, fresh and cached. */
export function totalLines(results: TaskResult[], tasks: number) {
  const sum = (pick: (result: TaskResult) => number) => results.reduce((total, result) => total + pick(result), 0);
  const cached = sum((result) => result.cachedTokens);
  const prompt = cached + sum((result) => result.freshTokens);
  return [
    `eval_tasks=${tasks}`,
    `eval_solved=${results.filter((result) => result.solved).length}`,
    `eval_cost_usd=${sum((result) => result.costUsd).toFixed(4)}`,
    `eval_cached_input_pct=${(prompt ? (100 * cached) / prompt : 0).toFixed(1)}`,
    `eval_wall_ms=${sum((result) => result.wallMs)}`,
  ];
}
