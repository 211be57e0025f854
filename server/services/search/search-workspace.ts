import { and, asc, desc, eq, ilike, isNull, or, sql } from "drizzle-orm";
import { db } from "../../../db/client";
import { agentRuns, projects, repositories, tickets } from "../../../db/schema";

/** A query's text as a LIKE pattern that matches it anywhere, its own `%`, `_` and `\` taken literally. */
const containing = (text: string) => `%${text.replace(/[%_\\]/g, "\\$&")}%`;

/** `#12` or `12`: a run id; anything else is not one. */
function runIdOf(query: string) {
  const match = /^#?(\d{1,15})$/.exec(query);
  return match ? Number(match[1]) : null;
}

/** A run is named by the first line of its prompt, as the runs list shows it. */
const runTitle = (prompt: string) => {
  const line = prompt.split("\n", 1)[0]!.trim();
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
};

/**
 * The command palette's search: the tenant's live projects (by name or key), tickets (by title or
 * key, e.g. `HELLO-12`), runs (by id `#12` or prompt) and repositories (by full name), a few of each,
 * with the URL each opens. Archived projects and tickets are left out, as their pages leave them out.
 */
export async function searchWorkspace(options: {
  tenantId: number;
  /** Already trimmed and non-empty (the procedure's schema sees to it). */
  query: string;
  /** How many of each kind. */
  limit: number;
}) {
  const { tenantId, query, limit } = options;
  const pattern = containing(query);
  const ticketKey = sql<string>`${projects.key} || '-' || ${tickets.number}`;
  const runId = runIdOf(query);

  const [projectRows, ticketRows, runRows, repositoryRows] = await Promise.all([
    db
      .select({ id: projects.id, name: projects.name, key: projects.key })
      .from(projects)
      .where(
        and(
          eq(projects.tenantId, tenantId),
          isNull(projects.archivedAt),
          or(ilike(projects.name, pattern), ilike(projects.key, pattern)),
        ),
      )
      .orderBy(asc(projects.name))
      .limit(limit),
    db
      .select({ id: tickets.id, key: ticketKey, title: tickets.title, projectKey: projects.key, projectName: projects.name })
      .from(tickets)
      .innerJoin(projects, and(eq(projects.id, tickets.projectId), eq(projects.tenantId, tickets.tenantId)))
      .where(
        and(
          eq(tickets.tenantId, tenantId),
          isNull(tickets.archivedAt),
          isNull(projects.archivedAt),
          or(ilike(tickets.title, pattern), ilike(ticketKey, pattern)),
        ),
      )
      // An exact key first, so `HELLO-1` is not buried under HELLO-10…HELLO-19.
      .orderBy(desc(sql`upper(${ticketKey}) = upper(${query})`), desc(tickets.updatedAt))
      .limit(limit),
    db
      .select({ id: agentRuns.id, prompt: agentRuns.prompt, status: agentRuns.status })
      .from(agentRuns)
      .where(
        and(
          eq(agentRuns.tenantId, tenantId),
          runId === null ? ilike(agentRuns.prompt, pattern) : or(eq(agentRuns.id, runId), ilike(agentRuns.prompt, pattern)),
        ),
      )
      // The run a `#12` names first, then the newest whose prompt mentions it.
      .orderBy(...(runId === null ? [] : [desc(eq(agentRuns.id, runId))]), desc(agentRuns.id))
      .limit(limit),
    db
      .select({ id: repositories.id, fullName: repositories.fullName })
      .from(repositories)
      .where(and(eq(repositories.tenantId, tenantId), ilike(repositories.fullName, pattern)))
      .orderBy(asc(repositories.fullName))
      .limit(limit),
  ]);

  return {
    projects: projectRows.map((project) => ({ ...project, url: `/projects/${project.key}` })),
    tickets: ticketRows.map(({ projectKey, ...ticket }) => ({
      ...ticket,
      url: `/projects/${projectKey}?ticket=${encodeURIComponent(ticket.key)}`,
    })),
    runs: runRows.map((run) => ({ id: run.id, title: runTitle(run.prompt), status: run.status, url: `/runs/${run.id}` })),
    repositories: repositoryRows.map((repository) => ({ ...repository, url: `/repos/${repository.id}` })),
  };
}
