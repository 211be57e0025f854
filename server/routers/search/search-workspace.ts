import { z } from "zod";
import { searchWorkspace } from "../../services/search/search-workspace";
import { tenantProcedure } from "../../trpc/procedures";

export const ZSearchWorkspaceRequest = z.object({
  query: z.string().trim().min(1, "Type something to search for.").max(100, "A search is at most 100 characters."),
  /** How many of each kind (projects, tickets, runs, repositories). */
  limit: z.number().int().min(1).max(20).default(5),
});

export const searchWorkspaceProcedure = tenantProcedure
  .meta({ permission: "workspace:read" })
  .input(ZSearchWorkspaceRequest)
  .query(({ ctx, input }) => searchWorkspace({ tenantId: ctx.tenantId, ...input }));
