import { z } from "zod";
import { sandboxLogLines } from "../../services/sandboxes/list-sandbox-log-lines";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId } from "../schemas";
import { ZSandboxLogLines } from "./schemas";

export const ZListSandboxLogLinesRequest = z.object({ sandboxId: ZId, afterId: z.number().int().min(0).optional() });

export const listSandboxLogLinesProcedure = tenantProcedure
  .meta({ permission: "workspace:read" })
  .input(ZListSandboxLogLinesRequest)
  .output(ZSandboxLogLines)
  .query(({ ctx, input }) => sandboxLogLines({ tenantId: ctx.tenantId, env: ctx.env, ...input }));
