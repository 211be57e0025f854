import { z } from "zod";
import { destroySandbox } from "../../services/sandboxes/destroy-sandbox";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId } from "../schemas";
import { ZSandbox } from "./schemas";

export const ZDestroySandboxRequest = z.object({ sandboxId: ZId });

export const destroySandboxProcedure = tenantProcedure
  .meta({ permission: "runs:launch", transaction: "explicit" })
  .input(ZDestroySandboxRequest)
  .output(ZSandbox)
  .mutation(({ ctx, input }) => destroySandbox({ tenantId: ctx.tenantId, env: ctx.env, ...input, commit: ctx.inTransaction }));
