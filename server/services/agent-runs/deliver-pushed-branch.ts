import type { AgentRun } from "../../../db/schema";
import type { Env } from "../../env.server";
import { gitHubRequests } from "../../github/github-calls";
import { listRunRepositories, updateRunRepository } from "./run-repos";
import { connectorToken } from "../connectors/connector-token";
import { getTicketCard } from "../tickets/ticket-card";
import { db } from "../../../db/client";
import { openRunPullRequest } from "./open-run-pull-request";
import type { Incomplete } from "./pull-request-body";
import { pullRequestTitle } from "./pull-request-title";

/** A Kubernetes pod pushed the run's branch: the app (which holds the connector's token) opens the pull request. */
export async function deliverPushedBranch(options: {
  tenantId: number;
  env: Env;
  run: AgentRun;
  pushed: { branch: string; sha: string };
  incomplete?: Incomplete | null;
  emit: (type: string, payload: Record<string, unknown>) => Promise<void>;
}) {
  const { run } = options;
  if (run.mode !== "implement" && run.mode !== "bugfix") return;
  const [repo] = await listRunRepositories({ tenantId: options.tenantId, runId: run.id });
  if (!repo) return;
  if (options.pushed.branch !== repo.branchName)
    throw new Error(`The pod pushed ${options.pushed.branch}, not the run's branch ${repo.branchName}.`);
  const token = await connectorToken({ tenantId: options.tenantId, connectorId: repo.connectorId, env: options.env });
  const ticket = run.ticketId ? await getTicketCard(db, { tenantId: options.tenantId, ticketId: run.ticketId }) : null;
  const ticketRef = ticket ? { key: ticket.key, title: ticket.title } : null;
  await updateRunRepository({
    tenantId: options.tenantId,
    runId: run.id,
    runRepoId: repo.id,
    set: { status: "pushed", headSha: options.pushed.sha },
  });
  await openRunPullRequest({
    tenantId: options.tenantId,
    env: options.env,
    run,
    repo,
    github: gitHubRequests(options.env, token),
    branch: options.pushed.branch,
    title: pullRequestTitle(run, ticketRef),
    ticket: ticketRef,
    incomplete: options.incomplete,
    emit: options.emit,
  });
}
