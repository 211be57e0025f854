import { and, asc, eq, isNull } from "drizzle-orm";
import { db } from "../../../db/client";
import { agentRuns, connectors, projects, tickets } from "../../../db/schema";
import type { Permission } from "../../auth/permissions";

/** What Home offers next: a link to the page where it is done, and what doing it needs. */
export type NextStep = {
  key: "connect" | "project" | "run" | "review";
  title: string;
  body: string;
  to: string;
  /** Who may take the step; others are told to ask someone who can. */
  needs: Permission;
};

/**
 * The workspace's next step from its real state, in the order the work goes:
 * GitHub first (agents clone and push through a connector), then a project for
 * tickets, then a first agent run on a ticket; after that, the runs to review.
 */
export async function getNextStep(options: { tenantId: number }): Promise<NextStep> {
  const { tenantId } = options;
  const [connector] = await db
    .select({ id: connectors.id })
    .from(connectors)
    .where(and(eq(connectors.tenantId, tenantId), eq(connectors.status, "active")))
    .limit(1);
  if (!connector)
    return {
      key: "connect",
      title: "Connect GitHub",
      body: "Agents clone, push branches and open pull requests through a connector. Connect GitHub and import a repository.",
      to: "/connectors",
      needs: "integrations:manage",
    };

  const [project] = await db
    .select({ id: projects.id, key: projects.key })
    .from(projects)
    .where(and(eq(projects.tenantId, tenantId), isNull(projects.archivedAt)))
    .orderBy(asc(projects.id))
    .limit(1);
  if (!project)
    return {
      key: "project",
      title: "Create a project",
      body: "A project holds a board of tickets for the agents to work on.",
      to: "/projects",
      needs: "projects:manage",
    };

  const [run] = await db.select({ id: agentRuns.id }).from(agentRuns).where(eq(agentRuns.tenantId, tenantId)).limit(1);
  if (!run) {
    const [ticket] = await db
      .select({ number: tickets.number })
      .from(tickets)
      .where(and(eq(tickets.tenantId, tenantId), eq(tickets.projectId, project.id), isNull(tickets.archivedAt)))
      .orderBy(asc(tickets.id))
      .limit(1);
    return {
      key: "run",
      title: ticket ? `Run an agent on ${project.key}-${ticket.number}` : `Run an agent on a ${project.key} ticket`,
      body: ticket
        ? "Open the ticket and press Run agent: Claude or Codex plans or implements it and opens a pull request."
        : "Add a ticket to the board, open it and press Run agent.",
      to: ticket ? `/projects/${project.key}?ticket=${project.key}-${ticket.number}` : `/projects/${project.key}`,
      needs: "runs:launch",
    };
  }
  return {
    key: "review",
    title: "Review agent runs",
    body: "See what the agents did, steer a run with a follow-up, and review its pull request.",
    to: "/runs",
    needs: "workspace:read",
  };
}
