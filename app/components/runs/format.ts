/** Millionths of a dollar as money: $0.0123 below a cent, $1.23 above. */
export function formatCost(micro: number) {
  const dollars = micro / 1_000_000;
  if (micro === 0) return "$0.00";
  return dollars < 0.01 ? `$${dollars.toFixed(4)}` : `$${dollars.toFixed(2)}`;
}

export function formatTokens(count: number) {
  return count >= 10_000 ? `${(count / 1000).toFixed(1)}k` : count.toLocaleString("en-US");
}

export type TokenTotals = {
  inputTokens: number;
  outputTokens: number;
  cacheWriteTokens?: number;
  cacheReadTokens?: number;
};

/** Fresh input, cache writes and reads (each priced differently), and output; the cache parts only when used. */
export function formatUsage(totals: TokenTotals) {
  const parts = [`${formatTokens(totals.inputTokens)} in`];
  if (totals.cacheWriteTokens) parts.push(`${formatTokens(totals.cacheWriteTokens)} cache write`);
  if (totals.cacheReadTokens) parts.push(`${formatTokens(totals.cacheReadTokens)} cache read`);
  parts.push(`${formatTokens(totals.outputTokens)} out`);
  return parts.join(" · ");
}

export const STATUS_STYLES: Record<string, string> = {
  queued: "bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-200",
  running: "bg-sky-100 text-sky-800 dark:bg-sky-900/50 dark:text-sky-200",
  completed: "bg-lime-100 text-lime-800 dark:bg-lime-900/50 dark:text-lime-200",
  failed: "bg-red-100 text-red-800 dark:bg-red-900/50 dark:text-red-200",
  cancelled: "bg-amber-100 text-amber-800 dark:bg-amber-900/50 dark:text-amber-200",
};
