import type { EmitterWebhookEvent } from "@octokit/webhooks";

/** The parts of a GitHub delivery we act on (the job payload; the rest of the body is not kept). */
export type GitHubEvent = {
  event: string;
  action: string | null;
  pullRequest?: {
    number: number;
    merged: boolean;
    state: string;
    headSha: string | null;
    headRef: string | null;
    /** When GitHub last changed the pull request: orders events that arrive out of order. */
    updatedAt: string | null;
    url?: string | null;
    /** Who merged it, or else who sent the event (closed it, opened it): a GitHub login. */
    by?: string | null;
  };
  /** One CI signal: a check (`check_run:<app id>/<name>`) or a commit status (`status:<context>`), and its run's id. */
  check?: { headSha: string; source: string; signalId: number; status: string; conclusion: string | null };
  push?: { ref: string; after: string };
};

type Payload<Name extends "pull_request" | "check_run" | "status" | "push"> = EmitterWebhookEvent<Name>["payload"];

/**
 * Summarises a webhook body into what `processGitHubEvent` needs. Check suites are left out:
 * each of their check runs reports on its own, and the suite would count them twice.
 */
export function summariseDelivery(event: string, body: Record<string, unknown>): GitHubEvent {
  const action = typeof body.action === "string" ? body.action : null;
  const summary: GitHubEvent = { event, action };
  if (event === "pull_request" && body.pull_request) {
    const pr = (body as unknown as Payload<"pull_request">).pull_request;
    summary.pullRequest = {
      number: Number(pr.number),
      merged: pr.merged === true,
      state: String(pr.state ?? ""),
      headSha: typeof pr.head?.sha === "string" ? pr.head.sha : null,
      headRef: typeof pr.head?.ref === "string" ? pr.head.ref : null,
      updatedAt: typeof pr.updated_at === "string" ? pr.updated_at : null,
      url: typeof pr.html_url === "string" ? pr.html_url : null,
      by: pr.merged_by?.login ?? (body as unknown as Payload<"pull_request">).sender?.login ?? null,
    };
  }
  if (event === "check_run" && body.check_run) {
    const run = (body as unknown as Payload<"check_run">).check_run;
    summary.check = {
      headSha: String(run.head_sha ?? ""),
      source: `check_run:${run.app?.id ?? "unknown"}/${run.name}`,
      signalId: Number(run.id),
      status: String(run.status ?? ""),
      conclusion: run.conclusion ?? null,
    };
  }
  if (event === "status") {
    const status = body as unknown as Payload<"status">;
    summary.check = {
      headSha: String(status.sha ?? ""),
      source: `status:${status.context}`,
      signalId: Number(status.id),
      status: status.state === "pending" ? "in_progress" : "completed",
      conclusion: status.state === "success" ? "success" : status.state === "pending" ? null : "failure",
    };
  }
  if (event === "push") {
    const push = body as unknown as Payload<"push">;
    summary.push = { ref: String(push.ref ?? ""), after: String(push.after ?? "") };
  }
  return summary;
}
