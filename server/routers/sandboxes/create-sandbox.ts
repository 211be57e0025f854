import { z } from "zod";
import { createSandbox } from "../../services/sandboxes/create-sandbox";
import { tenantProcedure } from "../../trpc/procedures";
import { ZBranch, ZId } from "../schemas";
import { ZSandbox } from "./schemas";

export const ZCreateSandboxRequest = z.object({ clusterId: ZId, repositoryId: ZId.nullish(), branch: ZBranch.nullish() });

export const createSandboxProcedure = tenantProcedure
  .meta({ permission: "runs:launch", transaction: "explicit" })
  .input(ZCreateSandboxRequest)
  .output(ZSandbox)
  .mutation(({ ctx, input }) =>
    createSandbox({ tenantId: ctx.tenantId, userId: ctx.userId, env: ctx.env, ...input, commit: ctx.inTransaction }),
  );
