import { z } from "zod";
import { createConnector } from "../../services/connectors/create-connector";
import { tenantProcedure } from "../../trpc/procedures";
import { ZGitHubToken } from "../schemas";
import { ZConnector } from "./schemas";

export const ZCreateConnectorRequest = z.object({
  kind: z.enum(["oauth", "pat"]).default("pat"),
  token: ZGitHubToken,
  name: z.string().trim().max(80).optional(),
});

export const createConnectorProcedure = tenantProcedure
  .meta({ permission: "integrations:manage", transaction: "explicit" })
  .input(ZCreateConnectorRequest)
  .output(ZConnector)
  .mutation(({ ctx, input }) =>
    createConnector({ tenantId: ctx.tenantId, userId: ctx.userId, env: ctx.env, ...input, commit: ctx.inTransaction }),
  );
