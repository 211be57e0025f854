import type { AgentRun } from "../../../db/schema";

/** The pull request's title: the ticket's key and title, else the prompt's first line, cut to 72 characters. */
export function pullRequestTitle(run: AgentRun, ticket: { key: string; title: string } | null) {
  const subject = ticket ? `${ticket.key}: ${ticket.title}` : (run.prompt.split("\n")[0] ?? "Agent changes").trim();
  return subject.length > 72 ? `${subject.slice(0, 71)}…` : subject || `Changes from run #${run.id}`;
}
