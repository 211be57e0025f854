import { z } from "zod";
import { searchWorkspace } from "../../services/search/search-workspace";
import { tenantProcedure } from "../../trpc/procedures";
import { ZRunStatus } from "../schemas";

export const ZSearchWorkspaceRequest = z.object({
  query: z.string().trim().min(1, "Type something to search for.").max(100, "A search is at most 100 characters."),
  /** How many of each kind (projects, tickets, runs, repositories). */
  limit: z.number().int().min(1).max(20).default(5),
});

/** Each hit carries the page it opens. */
export const ZSearchWorkspaceResponse = z.object({
  projects: z.array(z.object({ id: z.number(), key: z.string(), name: z.string(), url: z.string() })),
  tickets: z.array(z.object({ id: z.number(), key: z.string(), title: z.string(), projectName: z.string(), url: z.string() })),
  runs: z.array(z.object({ id: z.number(), title: z.string(), status: ZRunStatus, url: z.string() })),
  repositories: z.array(z.object({ id: z.number(), fullName: z.string(), url: z.string() })),
});

export const searchWorkspaceProcedure = tenantProcedure
  .meta({ permission: "workspace:read" })
  .input(ZSearchWorkspaceRequest)
  .output(ZSearchWorkspaceResponse)
  .query(({ ctx, input }) => searchWorkspace({ tenantId: ctx.tenantId, ...input }));
