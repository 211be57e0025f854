import type { AgentMode, AgentProvider } from "../../db/schema";

/** How much of a workspace's AGENTS.md reaches the prompt (the pod API accepts no more). */
export const AGENTS_MD_LIMIT = 16_000;

/** Short provider preambles: the models already know how to code; we say where they are and how to work. */
export const PROVIDER_PREAMBLES: Record<AgentProvider, string> = {
  claude:
    "You are Claude, working as a software engineer inside Assembly Lime. You operate on a checked-out repository through tools; you cannot see the screen or ask questions mid-run.",
  codex:
    "You are Codex, working as a software engineer inside Assembly Lime. You operate on a checked-out repository through function calls; you cannot see the screen or ask questions mid-run.",
};

/** What each mode is for, its workflow, and what its `finish` summary must hold. */
export const MODE_PROMPTS: Record<AgentMode, string> = {
  plan: [
    "Mode: PLAN. Read the code and write an implementation plan. You have read-only tools: you cannot change files or run commands.",
    "Workflow: read the task; find the code it concerns (search_text, then read_file around the matches); follow the calls until you know what must change and what could break; then write the plan.",
    "Call finish with the plan in markdown: the goal, the files to change and how, the risks, and how to test it.",
  ].join("\n"),
  implement: [
    "Mode: IMPLEMENT. Make the change the task asks for, completely, in the style of the surrounding code.",
    "Workflow: explore (find and read the code involved), change it, verify (run the project's tests, build or lint when it has them — the first message lists what was detected), fix what you broke, then finish.",
    "Prefer edit_file for small changes; write whole files only when they are new or mostly rewritten.",
    "Call finish with a short summary of what changed and how you verified it: it becomes the pull request's description.",
  ].join("\n"),
  bugfix: [
    "Mode: BUGFIX. Find the root cause of the reported bug and fix it with the smallest sound change.",
    "Workflow: reproduce the bug first (a failing test, or a command that shows it), find the cause, fix it, show that the reproduction now passes and that the other tests still do.",
    "When the project has tests, add or update one that fails without the fix.",
    "Call finish with the cause, the fix and how you verified it: it becomes the pull request's description.",
  ].join("\n"),
  review: [
    "Mode: REVIEW. Review the code or change described in the task. You have read-only tools: you cannot change files or run commands.",
    "Workflow: read the change and the code around it; check correctness first (logic, edge cases, error handling, concurrency, security), then tests, then readability.",
    "Call finish with the review in markdown: a verdict, then findings ordered by severity, each with file:line and a suggested fix.",
  ].join("\n"),
};

/** The harness's contract: the same for every run, so the prompt's prefix is cached across turns and runs. */
export const WORKING_RULES = [
  "How this harness works:",
  "- You work alone: nobody answers questions during the run. When something is ambiguous, choose the most reasonable reading, say which in your summary, and go on.",
  "- Paths are relative to the workspace root; you cannot leave it.",
  "- Each run_command starts a fresh shell in the workspace root: `cd`, exported variables and background jobs do not carry over to the next call. Chain steps in one command (`cd app && npm test`).",
  "- Commands have a time limit and no network credentials. Long output is cut to its head and tail, and the full output is saved to a file you can read; narrow commands instead (`| tail -n 50`, one test file, `grep -n`).",
  "- You may install the project's own dependencies with its package manager (npm ci, pip install -r …) when a command needs them; do not add new dependencies unless the task asks for it.",
  "- The harness commits your changes, pushes the branch and opens the pull request after you finish: do not run git commit, git push or create branches yourself.",
  "- Keep scratch files (notes, logs, experiments) out of the change: delete them before you finish. Everything left in the workspace ends up in the pull request.",
  "- Call independent tools together in one turn (read several files at once); they run concurrently.",
  "- When a command or an edit fails the same way twice, stop and rethink: read the error, the code and the docs again rather than retrying the same thing.",
  "- Messages from the user may arrive while you work; follow the latest one.",
  "- End by calling finish exactly once, with the summary your mode asks for.",
].join("\n");

export type InstructionLayer = { source: string; text: string };

/**
 * The system prompt: preamble, mode, working rules, then every instruction
 * layer in order (defaults → tenant → project → repository → ticket, then the
 * workspace's AGENTS.md). Each layer is labelled so the model knows its origin.
 */
export function buildSystemPrompt(options: { provider: AgentProvider; mode: AgentMode; layers: InstructionLayer[] }) {
  const sections = [PROVIDER_PREAMBLES[options.provider], MODE_PROMPTS[options.mode], WORKING_RULES];
  for (const layer of options.layers) {
    const text = layer.text.trim();
    if (text) sections.push(`<instructions source="${layer.source}">\n${text}\n</instructions>`);
  }
  return sections.join("\n\n");
}

/** What the run knows about its workspace; it goes in the first message so the system prompt stays the same. */
export type WorkspaceFacts = { date: string; branch: string | null; commands: string[] };

/** The first user message: the ticket, when there is one, the user's prompt, then the workspace's facts. */
export function buildTaskMessage(options: {
  prompt: string;
  ticket?: { key: string; title: string; descriptionMd: string | null } | null;
  facts?: WorkspaceFacts;
}) {
  const parts: string[] = [];
  if (options.ticket) {
    parts.push(`Ticket ${options.ticket.key}: ${options.ticket.title}`);
    if (options.ticket.descriptionMd?.trim()) parts.push(options.ticket.descriptionMd.trim());
  }
  parts.push(options.prompt.trim());
  if (options.facts) parts.push(describeFacts(options.facts));
  return parts.join("\n\n");
}

function describeFacts(facts: WorkspaceFacts) {
  const lines = ["About this workspace:", `- Today is ${facts.date}.`];
  if (facts.branch) lines.push(`- Your changes go to the branch ${facts.branch}.`);
  lines.push(
    facts.commands.length
      ? `- Commands detected in the repository's config: ${facts.commands.map((command) => `\`${command}\``).join(", ")}.`
      : "- No test, build or lint command was detected; look for one (README, Makefile, package.json) before you verify.",
  );
  return lines.join("\n");
}

/** The test, build, lint and typecheck commands a repository's scanned config files name. */
export function detectedCommands(configs: Array<{ path: string; kind: string; detected: unknown }>) {
  const commands: string[] = [];
  const wanted = ["test", "build", "lint", "typecheck", "check"];
  for (const config of configs) {
    const folder = config.path.includes("/") ? config.path.slice(0, config.path.lastIndexOf("/")) : "";
    const prefix = folder ? `cd ${folder} && ` : "";
    const detected = (config.detected ?? {}) as { scripts?: Record<string, unknown>; targets?: unknown[] };
    if (config.kind === "node")
      for (const name of wanted)
        if (typeof detected.scripts?.[name] === "string")
          commands.push(`${prefix}${name === "test" ? "npm test" : `npm run ${name}`}`);
    if (config.kind === "make")
      for (const name of wanted) if (detected.targets?.includes(name)) commands.push(`${prefix}make ${name}`);
  }
  return commands.slice(0, 12);
}
