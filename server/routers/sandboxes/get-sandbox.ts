import { z } from "zod";
import { getSandbox } from "../../services/sandboxes/get-sandbox";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId } from "../schemas";
import { ZSandbox } from "./schemas";

export const ZGetSandboxRequest = z.object({ sandboxId: ZId });

export const getSandboxProcedure = tenantProcedure
  .meta({ permission: "workspace:read" })
  .input(ZGetSandboxRequest)
  .output(ZSandbox)
  .query(({ ctx, input }) => getSandbox({ tenantId: ctx.tenantId, env: ctx.env, ...input }));
