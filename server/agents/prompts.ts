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

export const MODE_PROMPTS: Record<AgentMode, string> = {
  plan: [
    "AgentMode: PLAN. Read the code and write an implementation plan; do not change files (you have read-only tools).",
    "Call finish with the plan in markdown: goal, the files to change and how, risks, and how to test it.",
  ].join("\n"),
  implement: [
    "AgentMode: IMPLEMENT. Make the change the task asks for, completely, in the style of the surrounding code.",
    "Read before you edit; prefer edit_file for small changes. Run the project's tests or build when there is one, and fix what you broke.",
    "Call finish with a short summary of what changed and how you verified it.",
  ].join("\n"),
  bugfix: [
    "AgentMode: BUGFIX. Find the root cause of the reported bug, fix it with the smallest sound change, and add or update a test that fails without the fix when the project has tests.",
    "Call finish with the cause, the fix and how you verified it.",
  ].join("\n"),
  review: [
    "AgentMode: REVIEW. Review the code or change described in the task; do not change files (you have read-only tools).",
    "Call finish with the review in markdown: a verdict, then findings ordered by severity, each with file:line and a suggested fix.",
  ].join("\n"),
};

const WORKING_RULES = [
  "Rules:",
  "- Paths are relative to the workspace root; you cannot leave it.",
  "- Commands run in the workspace root with a time limit and no network credentials.",
  "- Messages from the user may arrive while you work; follow the latest one.",
  "- End by calling finish exactly once.",
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

/** The first user message: the ticket, when there is one, then the user's prompt. */
export function buildTaskMessage(options: {
  prompt: string;
  ticket?: { key: string; title: string; descriptionMd: string | null } | null;
}) {
  const parts: string[] = [];
  if (options.ticket) {
    parts.push(`Ticket ${options.ticket.key}: ${options.ticket.title}`);
    if (options.ticket.descriptionMd?.trim()) parts.push(options.ticket.descriptionMd.trim());
  }
  parts.push(options.prompt.trim());
  return parts.join("\n\n");
}
