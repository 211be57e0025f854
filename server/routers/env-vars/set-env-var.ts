import { z } from "zod";
import { setEnvVar } from "../../services/env-vars/env-vars";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId } from "../schemas";

export const ZSetEnvVarRequest = z.object({ setId: ZId, key: z.string().trim().min(1).max(128), value: z.string().max(32_768) });

export const setEnvVarProcedure = tenantProcedure
  .meta({ permission: "integrations:manage" })
  .input(ZSetEnvVarRequest)
  .mutation(({ ctx, input }) => setEnvVar({ tenantId: ctx.tenantId, env: ctx.env, ...input }));
